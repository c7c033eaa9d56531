package dev.mcpfirewall.auth.lockout;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mcpfirewall.alert.Alert;
import dev.mcpfirewall.alert.MutableClock;
import dev.mcpfirewall.config.AuthConfig;
import dev.mcpfirewall.metrics.FirewallMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class AuthFailureTrackerTest {
  private static final Duration WINDOW = Duration.ofMinutes(5);
  private static final Duration INITIAL = Duration.ofSeconds(30);
  private static final Duration MAX = Duration.ofMinutes(4);
  private static final Optional<String> NO_KEY = Optional.empty();

  private final MutableClock clock = new MutableClock();
  private final List<Alert> alerts = new CopyOnWriteArrayList<>();
  private final FirewallMetrics metrics =
      new FirewallMetrics(new PrometheusMeterRegistry(PrometheusConfig.DEFAULT));
  private final AuthFailureTracker tracker = tracker(AuthFailureTracker.DEFAULT_MAX_TRACKED);

  private AuthFailureTracker tracker(int maxTracked) {
    return new AuthFailureTracker(
        new AuthConfig.Lockout(5, WINDOW, INITIAL, MAX), clock, alerts::add, metrics, maxTracked);
  }

  private void fail(String source, Optional<String> key, int times) {
    for (int i = 0; i < times; i++) {
      tracker.recordFailure(source, key);
    }
  }

  @Test
  void aSourceIsLockedOutAtTheThresholdAndOneAlertGoesOut() {
    fail("203.0.113.7", NO_KEY, 4);
    assertThat(tracker.lockedOut("203.0.113.7", NO_KEY)).isEmpty();
    assertThat(alerts).isEmpty();

    Optional<Duration> locked = tracker.recordFailure("203.0.113.7", NO_KEY);

    assertThat(locked).contains(INITIAL);
    assertThat(tracker.lockedOut("203.0.113.7", NO_KEY)).contains(INITIAL);
    assertThat(tracker.lockedOut("198.51.100.1", NO_KEY)).isEmpty();
    assertThat(alerts).hasSize(1);
    Alert alert = alerts.get(0);
    assertThat(alert.type()).isEqualTo("auth.lockout");
    assertThat(alert.severity()).isEqualTo(Alert.Severity.WARNING);
    assertThat(alert.time()).isEqualTo(clock.instant());
    assertThat(alert.attributes())
        .containsEntry("scope", "source")
        .containsEntry("subject", "203.0.113.7")
        .containsEntry("failures", "5")
        .containsEntry("lockedFor", "PT30S");
    assertThat(metrics.scrape()).contains("mcp_firewall_auth_lockouts_total{scope=\"source\"} 1.0");

    clock.advance(Duration.ofSeconds(10));
    assertThat(tracker.lockedOut("203.0.113.7", NO_KEY)).contains(Duration.ofSeconds(20));
    clock.advance(Duration.ofSeconds(20));
    assertThat(tracker.lockedOut("203.0.113.7", NO_KEY)).isEmpty();
    assertThat(alerts).hasSize(1);
  }

  @Test
  void failuresOutsideTheWindowDoNotAddUp() {
    fail("203.0.113.7", NO_KEY, 4);
    clock.advance(WINDOW);
    fail("203.0.113.7", NO_KEY, 4);

    assertThat(tracker.lockedOut("203.0.113.7", NO_KEY)).isEmpty();
    assertThat(alerts).isEmpty();
  }

  @Test
  void guessingOneKeyFromManyAddressesLocksTheKey() {
    Optional<String> key = Optional.of("ci");
    for (int i = 1; i <= 5; i++) {
      tracker.recordFailure("10.0.0." + i, key);
    }

    // No single address reached the threshold, but the key id did.
    assertThat(tracker.lockedOut("10.0.0.1", NO_KEY)).isEmpty();
    assertThat(tracker.lockedOut("10.0.0.77", key)).contains(INITIAL);
    assertThat(tracker.lockedOut("10.0.0.77", Optional.of("other"))).isEmpty();
    assertThat(alerts)
        .singleElement()
        .satisfies(
            a ->
                assertThat(a.attributes())
                    .containsEntry("scope", "key")
                    .containsEntry("subject", "ci"));
    assertThat(metrics.scrape()).contains("mcp_firewall_auth_lockouts_total{scope=\"key\"} 1.0");
  }

  @Test
  void eachFurtherLockoutDoublesTheBackoffUpToTheMaximum() {
    List<Duration> backoffs = new ArrayList<>();
    for (int round = 0; round < 6; round++) {
      fail("203.0.113.7", NO_KEY, 5);
      Duration locked = tracker.lockedOut("203.0.113.7", NO_KEY).orElseThrow();
      backoffs.add(locked);
      clock.advance(locked);
    }

    assertThat(backoffs)
        .containsExactly(
            Duration.ofSeconds(30),
            Duration.ofMinutes(1),
            Duration.ofMinutes(2),
            Duration.ofMinutes(4),
            Duration.ofMinutes(4),
            Duration.ofMinutes(4));
    assertThat(alerts).hasSize(6);
    assertThat(alerts)
        .extracting(Alert::severity)
        .containsExactly(
            Alert.Severity.WARNING,
            Alert.Severity.WARNING,
            Alert.Severity.WARNING,
            Alert.Severity.CRITICAL,
            Alert.Severity.CRITICAL,
            Alert.Severity.CRITICAL);
    assertThat(alerts.get(5).attributes())
        .containsEntry("lockedFor", "PT4M")
        .containsEntry("lockouts", "6");
  }

  @Test
  void theBackoffLevelDecaysOneStepPerQuietWindow() {
    for (int round = 0; round < 3; round++) {
      fail("203.0.113.7", NO_KEY, 5);
      clock.advance(tracker.lockedOut("203.0.113.7", NO_KEY).orElseThrow());
    }
    // Three lockouts: the next one would last 4 minutes. One quiet window brings it back a step.
    clock.advance(WINDOW);
    fail("203.0.113.7", NO_KEY, 5);
    assertThat(tracker.lockedOut("203.0.113.7", NO_KEY)).contains(Duration.ofMinutes(2));

    // A long quiet period returns the subject to the initial backoff.
    clock.advance(Duration.ofMinutes(2).plus(WINDOW.multipliedBy(10)));
    fail("203.0.113.7", NO_KEY, 5);
    assertThat(tracker.lockedOut("203.0.113.7", NO_KEY)).contains(INITIAL);
  }

  @Test
  void theQuietPeriodCountsFromTheEndOfALockout() {
    // A lockout longer than the window: time spent locked out is not quiet time.
    AuthFailureTracker longLockouts =
        new AuthFailureTracker(
            new AuthConfig.Lockout(5, Duration.ofMinutes(1), Duration.ofMinutes(2), MAX),
            clock,
            alerts::add,
            metrics);
    fail(longLockouts, "203.0.113.7", 5);
    clock.advance(Duration.ofMinutes(2));
    fail(longLockouts, "203.0.113.7", 5);

    assertThat(longLockouts.lockedOut("203.0.113.7", NO_KEY)).contains(Duration.ofMinutes(4));
  }

  @Test
  void aSuccessRestartsTheSourceCountButLiftsNoLockout() {
    fail("203.0.113.7", NO_KEY, 4);
    tracker.recordSuccess("203.0.113.7", Optional.of("ci"));
    fail("203.0.113.7", NO_KEY, 4);
    assertThat(tracker.lockedOut("203.0.113.7", NO_KEY)).isEmpty();

    tracker.recordFailure("203.0.113.7", NO_KEY);
    assertThat(tracker.lockedOut("203.0.113.7", NO_KEY)).contains(INITIAL);

    tracker.recordSuccess("203.0.113.7", NO_KEY);
    assertThat(tracker.lockedOut("203.0.113.7", NO_KEY)).contains(INITIAL);
  }

  @Test
  void theOwnersSuccessesDoNotHideGuessingAgainstTheKey() {
    Optional<String> key = Optional.of("ci");
    for (int i = 1; i <= 5; i++) {
      tracker.recordSuccess("192.0.2.10", key);
      tracker.recordFailure("10.0.0." + i, key);
    }

    assertThat(tracker.lockedOut("10.0.0.99", key)).contains(INITIAL);
    assertThat(alerts).hasSize(1);
  }

  @Test
  void sourcesThatHoldTheKeyAreNotLockedOutByTheKeysLockout() {
    Optional<String> key = Optional.of("ci");
    tracker.recordSuccess("192.0.2.10", key);
    for (int i = 1; i <= 5; i++) {
      tracker.recordFailure("10.0.0." + i, key);
    }

    assertThat(tracker.lockedOut("10.0.0.99", key)).isPresent();
    assertThat(tracker.lockedOut("192.0.2.10", key)).isEmpty();

    // Its own lockout still applies to it.
    fail("192.0.2.10", Optional.of("guess"), 5);
    assertThat(tracker.lockedOut("192.0.2.10", key)).contains(INITIAL);
  }

  @Test
  void ipv6SourcesCountByTheirSlash64() {
    for (int i = 1; i <= 5; i++) {
      tracker.recordFailure("2001:db8:1:2::" + Integer.toHexString(i), NO_KEY);
    }

    assertThat(tracker.lockedOut("2001:db8:1:2:ffff:1:2:3", NO_KEY)).contains(INITIAL);
    assertThat(tracker.lockedOut("2001:db8:1:3::1", NO_KEY)).isEmpty();
    assertThat(alerts.get(0).attributes()).containsEntry("subject", "2001:db8:1:2::/64");
  }

  @Test
  void memoryStaysBoundedAndLockedOutSubjectsAreKeptLongest() {
    AuthFailureTracker small = tracker(1024);
    fail(small, "203.0.113.7", 5);
    for (int i = 0; i < 20_000; i++) {
      small.recordFailure(
          "10." + (i >> 16) + "." + ((i >> 8) & 0xff) + "." + (i & 0xff), Optional.of("k" + i));
      if (i % 100 == 0) {
        // The attacker keeps knocking, so it stays recently seen.
        assertThat(small.lockedOut("203.0.113.7", NO_KEY)).isPresent();
      }
    }

    assertThat(small.trackedSources()).isLessThanOrEqualTo(1024);
    assertThat(small.trackedKeys()).isLessThanOrEqualTo(1024);
    assertThat(small.lockedOut("203.0.113.7", NO_KEY)).isPresent();
  }

  @Test
  void idleSubjectsAreForgotten() {
    fail("203.0.113.7", NO_KEY, 5);
    fail("198.51.100.1", NO_KEY, 1);
    assertThat(tracker.trackedSources()).isEqualTo(2);

    clock.advance(WINDOW.multipliedBy(3));
    tracker.lockedOut("203.0.113.7", NO_KEY);
    tracker.lockedOut("198.51.100.1", NO_KEY);

    assertThat(tracker.trackedSources()).isZero();
  }

  @Test
  void concurrentFailuresCauseExactlyOneLockoutAndOneAlert() throws Exception {
    AuthFailureTracker shared =
        new AuthFailureTracker(
            new AuthConfig.Lockout(100, WINDOW, INITIAL, MAX), clock, alerts::add, metrics);
    ExecutorService pool = Executors.newFixedThreadPool(4);
    CountDownLatch start = new CountDownLatch(1);
    try {
      List<Future<?>> runs = new ArrayList<>();
      for (int t = 0; t < 4; t++) {
        runs.add(
            pool.submit(
                () -> {
                  start.await();
                  for (int i = 0; i < 25; i++) {
                    shared.recordFailure("203.0.113.7", NO_KEY);
                  }
                  return null;
                }));
      }
      start.countDown();
      for (Future<?> run : runs) {
        run.get(10, TimeUnit.SECONDS);
      }
    } finally {
      pool.shutdownNow();
    }

    assertThat(shared.lockedOut("203.0.113.7", NO_KEY)).contains(INITIAL);
    assertThat(alerts).hasSize(1);
  }

  @Test
  void veryLongKeyIdsAreTrackedByAShortSubjectThatKeepsThemApart() {
    String a = "a".repeat(500) + "1";
    String b = "a".repeat(500) + "2";

    assertThat(AuthFailureTracker.keySubject(a)).hasSizeLessThanOrEqualTo(140);
    assertThat(AuthFailureTracker.keySubject(a)).isNotEqualTo(AuthFailureTracker.keySubject(b));
    assertThat(AuthFailureTracker.keySubject("ci")).isEqualTo("ci");
  }

  private static void fail(AuthFailureTracker tracker, String source, int times) {
    for (int i = 0; i < times; i++) {
      tracker.recordFailure(source, NO_KEY);
    }
  }
}
