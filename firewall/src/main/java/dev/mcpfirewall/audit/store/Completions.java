package dev.mcpfirewall.audit.store;

import io.vertx.core.Context;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;

/**
 * The futures a {@link ChainWriter} completes once a group of records is committed, grouped by
 * their callers' Vert.x contexts so that each context is handed one task for the whole group rather
 * than one per record. Writer thread only.
 */
final class Completions {
  private Map<Context, List<Runnable>> byContext = new IdentityHashMap<>();

  /**
   * Runs {@code completion} on {@code context} (null: on the writer thread) at the next dispatch.
   */
  void add(Context context, Runnable completion) {
    byContext.computeIfAbsent(context, c -> new ArrayList<>()).add(completion);
  }

  /** Hands what was added to its contexts, and starts a new group. */
  void dispatch() {
    byContext.forEach((context, runs) -> dispatch(context, () -> runs.forEach(Runnable::run)));
    byContext = new IdentityHashMap<>();
  }

  /** Runs {@code r} on {@code context}, or here when there is none. */
  static void dispatch(Context context, Runnable r) {
    if (context == null) {
      r.run();
    } else {
      context.runOnContext(v -> r.run());
    }
  }
}
