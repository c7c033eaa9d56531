package dev.mcpfirewall.detect;

import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.util.function.Supplier;

/** Runs CPU work on the detector pool and comes back to the caller's context. */
final class OffLoop {

  private OffLoop() {}

  static <T> Future<T> run(ContentScanner scanner, Supplier<T> work) {
    var done = scanner.registry().pool().submit(work);
    Context context = Vertx.currentContext();
    return context == null
        ? Future.fromCompletionStage(done)
        : Future.fromCompletionStage(done, context);
  }
}
