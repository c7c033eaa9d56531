package dev.mcpfirewall.pipeline;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import java.util.List;

/**
 * Runs the agent-to-upstream stages of an exchange in their fixed order, recording a {@link
 * Decision} for each, and stops at the first refusal.
 */
public final class Pipeline {
  private final Stage[] stages;

  /**
   * @throws IllegalArgumentException when the stages are not in {@link StagePhase} order
   */
  public Pipeline(List<Stage> stages) {
    for (int i = 1; i < stages.size(); i++) {
      Stage before = stages.get(i - 1);
      Stage after = stages.get(i);
      if (after.phase().compareTo(before.phase()) < 0) {
        throw new IllegalArgumentException(
            "stage '"
                + after.name()
                + "' ("
                + after.phase()
                + ") cannot run after '"
                + before.name()
                + "' ("
                + before.phase()
                + ")");
      }
    }
    this.stages = stages.toArray(Stage[]::new);
  }

  /** The stage names in the order they run. */
  public List<String> stageNames() {
    return java.util.Arrays.stream(stages).map(Stage::name).toList();
  }

  /** Runs every stage; fails with the first stage's {@link FirewallFailure}. */
  public Future<Void> run(Exchange exchange) {
    Promise<Void> done = Promise.promise();
    next(exchange, 0, done);
    return done.future();
  }

  private void next(Exchange exchange, int index, Promise<Void> done) {
    // Synchronous stages complete their future at once; iterate instead of recursing for those.
    while (index < stages.length) {
      Stage stage = stages[index];
      long start = System.nanoTime();
      Future<Void> result;
      try {
        result = stage.apply(exchange);
      } catch (RuntimeException e) {
        result = Future.failedFuture(e);
      }
      if (!result.isComplete()) {
        int following = index + 1;
        result.onComplete(
            ar -> {
              if (record(exchange, stage, start, ar.cause(), done)) {
                next(exchange, following, done);
              }
            });
        return;
      }
      if (!record(exchange, stage, start, result.cause(), done)) {
        return;
      }
      index++;
    }
    done.complete();
  }

  private static boolean record(
      Exchange exchange, Stage stage, long start, Throwable failure, Promise<Void> done) {
    long nanos = System.nanoTime() - start;
    if (failure == null) {
      exchange.decisions().add(new Decision(stage.name(), Decision.Outcome.CONTINUE, "", nanos));
      return true;
    }
    FirewallFailure f = FirewallFailure.of(failure);
    exchange
        .decisions()
        .add(
            new Decision(
                stage.name(),
                Decision.Outcome.REFUSE,
                f.detail().orElse(f.kind().reason()),
                nanos));
    done.fail(failure);
    return false;
  }
}
