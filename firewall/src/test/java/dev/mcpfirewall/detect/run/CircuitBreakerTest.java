package dev.mcpfirewall.detect.run;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mcpfirewall.detect.run.CircuitBreaker.State;
import dev.mcpfirewall.detect.run.CircuitBreaker.Transition;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;

class CircuitBreakerTest {

  /** A clock the test moves. */
  private static final class Manual extends Clock {
    Instant now = Instant.parse("2026-01-01T00:00:00Z");

    @Override
    public java.time.ZoneId getZone() {
      return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(java.time.ZoneId zone) {
      return this;
    }

    @Override
    public Instant instant() {
      return now;
    }
  }

  @Test
  void opensAfterConsecutiveFailuresAndTriesAgainAfterTheWait() {
    Manual clock = new Manual();
    CircuitBreaker breaker = new CircuitBreaker(3, Duration.ofSeconds(30), clock);
    assertThat(breaker.failure()).isEqualTo(Transition.NONE);
    assertThat(breaker.failure()).isEqualTo(Transition.NONE);
    assertThat(breaker.allow()).isTrue();
    assertThat(breaker.failure()).isEqualTo(Transition.OPENED);
    assertThat(breaker.state()).isEqualTo(State.OPEN);
    assertThat(breaker.allow()).isFalse();

    clock.now = clock.now.plusSeconds(31);
    assertThat(breaker.state()).isEqualTo(State.HALF_OPEN);
    assertThat(breaker.allow()).as("one trial").isTrue();
    assertThat(breaker.allow()).as("only one trial at a time").isFalse();
    assertThat(breaker.failure()).isEqualTo(Transition.OPENED);
    assertThat(breaker.allow()).isFalse();

    clock.now = clock.now.plusSeconds(31);
    assertThat(breaker.allow()).isTrue();
    assertThat(breaker.success()).isEqualTo(Transition.CLOSED);
    assertThat(breaker.state()).isEqualTo(State.CLOSED);
  }

  @Test
  void aSuccessResetsTheCount() {
    CircuitBreaker breaker = new CircuitBreaker(2, Duration.ofSeconds(30), Clock.systemUTC());
    breaker.failure();
    breaker.success();
    assertThat(breaker.failure()).isEqualTo(Transition.NONE);
    assertThat(breaker.state()).isEqualTo(State.CLOSED);
  }
}
