package dev.mcpfirewall.detect.run;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

/**
 * Takes a repeatedly failing detector out of the chain: after {@code threshold} consecutive
 * failures the circuit opens and calls are not made for {@code openFor}; then one trial call is let
 * through (half-open), which closes the circuit on success or opens it again on failure.
 * Thread-safe.
 */
public final class CircuitBreaker {

  /** The breaker's state. */
  public enum State {
    CLOSED,
    OPEN,
    HALF_OPEN
  }

  /** What a state change means to the caller. */
  public enum Transition {
    NONE,
    OPENED,
    CLOSED
  }

  private final int threshold;
  private final Duration openFor;
  private final Clock clock;
  private int failures;
  private State state = State.CLOSED;
  private Instant openedAt;
  private boolean trialInFlight;

  public CircuitBreaker(int threshold, Duration openFor, Clock clock) {
    this.threshold = Math.max(1, threshold);
    this.openFor = openFor;
    this.clock = clock;
  }

  /** True when a call may be made now; in half-open state only one trial at a time. */
  public synchronized boolean allow() {
    if (state == State.CLOSED) {
      return true;
    }
    if (state == State.OPEN && !clock.instant().isBefore(openedAt.plus(openFor))) {
      state = State.HALF_OPEN;
      trialInFlight = false;
    }
    if (state == State.HALF_OPEN && !trialInFlight) {
      trialInFlight = true;
      return true;
    }
    return false;
  }

  public synchronized Transition success() {
    failures = 0;
    trialInFlight = false;
    if (state != State.CLOSED) {
      state = State.CLOSED;
      return Transition.CLOSED;
    }
    return Transition.NONE;
  }

  public synchronized Transition failure() {
    failures++;
    trialInFlight = false;
    if (state == State.HALF_OPEN || (state == State.CLOSED && failures >= threshold)) {
      state = State.OPEN;
      openedAt = clock.instant();
      return Transition.OPENED;
    }
    return Transition.NONE;
  }

  public synchronized State state() {
    if (state == State.OPEN && !clock.instant().isBefore(openedAt.plus(openFor))) {
      return State.HALF_OPEN;
    }
    return state;
  }

  /** Consecutive failures so far. */
  public synchronized int failures() {
    return failures;
  }
}
