package dev.mcpfirewall.upstream;

import dev.mcpfirewall.config.UpstreamConfig.Restart;
import java.time.Duration;
import java.util.Optional;

/**
 * When to restart a crashed stdio process, per {@link Restart}: the first restart of a run waits
 * {@code initialBackoff}, each following one twice as long up to {@code maxBackoff}; a process that
 * stayed up at least {@code maxBackoff} starts a new run; after {@code maxRestarts} restarts in a
 * row the next crash gives up. Not thread-safe: its owner serializes calls.
 */
final class RestartBackoff {
  private final Restart restart;
  private int restartsInARow;

  RestartBackoff(Restart restart) {
    this.restart = restart;
  }

  /**
   * Records a crash of a process that ran for {@code uptime}.
   *
   * @return how long to wait before the restart, or empty to give up
   */
  Optional<Duration> afterCrash(Duration uptime) {
    if (uptime.compareTo(restart.maxBackoff()) >= 0) {
      restartsInARow = 0;
    }
    if (restartsInARow >= restart.maxRestarts()) {
      return Optional.empty();
    }
    Duration delay = restart.initialBackoff();
    for (int i = 0; i < restartsInARow && delay.compareTo(restart.maxBackoff()) < 0; i++) {
      delay = delay.multipliedBy(2);
    }
    restartsInARow++;
    return Optional.of(delay.compareTo(restart.maxBackoff()) > 0 ? restart.maxBackoff() : delay);
  }

  /** Restarts made since the last process that stayed up long enough. */
  int restartsInARow() {
    return restartsInARow;
  }
}
