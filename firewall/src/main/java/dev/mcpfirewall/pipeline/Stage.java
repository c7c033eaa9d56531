package dev.mcpfirewall.pipeline;

import io.vertx.core.Future;

/**
 * One step of the agent-to-upstream path. A stage either lets the exchange continue (a succeeded
 * future) or short-circuits it (a future failed with a {@link FirewallFailure}). Stages run on the
 * exchange's event loop and must not block; slow work goes to a worker with a deadline.
 */
public interface Stage {

  /** Where this stage sits in the fixed order. */
  StagePhase phase();

  /** A short name for the decision chain and metrics, e.g. {@code "session"}. */
  String name();

  /** Inspects, and possibly refuses, the exchange. */
  Future<Void> apply(Exchange exchange);
}
