package dev.mcpfirewall.detect.run;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mcpfirewall.alert.Alert;
import dev.mcpfirewall.config.PluginsConfig.DetectorSettings;
import dev.mcpfirewall.plugins.api.Direction;
import dev.mcpfirewall.plugins.api.Finding;
import dev.mcpfirewall.plugins.api.Inspection;
import dev.mcpfirewall.plugins.api.Inspector;
import dev.mcpfirewall.plugins.api.Severity;
import dev.mcpfirewall.plugins.api.TextSegment;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Containment inside the chain: exceptions, deadlines, stuck threads, the breaker and its alert.
 */
class DetectorChainTest {
  private final DetectorPool pool = new DetectorPool(2);
  private final List<Alert> alerts = new CopyOnWriteArrayList<>();
  private final SimpleMeterRegistry meters = new SimpleMeterRegistry();
  private volatile boolean release;

  private final Inspection inspection =
      new Inspection(
          Direction.INBOUND, "tools/call", "u", "t", Set.of(), List.of(TextSegment.of("/x", "hi")));

  @AfterEach
  void stop() {
    release = true;
    pool.close();
  }

  private ActiveDetector detector(String id, Inspector inspector, int breakerFailures) {
    return new ActiveDetector(
        id,
        "embedded",
        DetectorSettings.defaults(),
        inspector,
        Duration.ofMillis(100),
        new CircuitBreaker(breakerFailures, Duration.ofMinutes(5), Clock.systemUTC()),
        new AtomicInteger());
  }

  private DetectorChain chain(ActiveDetector... detectors) {
    return new DetectorChain(
        List.of(detectors), pool, new DetectorMetrics(meters), alerts::add, Clock.systemUTC());
  }

  private static final Inspector FINDS =
      i ->
          List.of(
              Finding.builder("test", "t")
                  .severity(Severity.LOW)
                  .at(i.segments().get(0), 0, 2)
                  .build());

  @Test
  void anExceptionIsAFailedRunAndTheOthersStillAnswer() throws Exception {
    List<DetectorRun> runs =
        chain(
                detector(
                    "thrower",
                    i -> {
                      throw new IllegalStateException("boom");
                    },
                    5),
                detector("good", FINDS, 5))
            .run(inspection)
            .get(10, TimeUnit.SECONDS);
    assertThat(runs.get(0).failure()).isEqualTo(DetectorMetrics.ERROR);
    assertThat(runs.get(1).failed()).isFalse();
    assertThat(runs.get(1).findings()).hasSize(1);
  }

  @Test
  void aDetectorThatIgnoresInterruptsIsCutOffAndGetsNoMoreThreads() throws Exception {
    Inspector stubborn =
        i -> {
          while (!release) {
            LockSupport.parkNanos(50_000_000L);
            Thread.interrupted();
          }
          return List.of();
        };
    ActiveDetector stuck = detector("stubborn", stubborn, 100);
    ActiveDetector good = detector("good", FINDS, 100);
    DetectorChain chain = chain(stuck, good);

    List<DetectorRun> first = chain.run(inspection).get(10, TimeUnit.SECONDS);
    assertThat(first.get(0).failure()).isEqualTo(DetectorMetrics.TIMEOUT);
    assertThat(stuck.stuck().get()).isEqualTo(1);

    // The pool has 2 threads: one is held; the stubborn detector gets no second one.
    List<DetectorRun> second = chain.run(inspection).get(10, TimeUnit.SECONDS);
    assertThat(second.get(0).failure()).isEqualTo(DetectorMetrics.REJECTED);
    assertThat(second.get(1).findings()).hasSize(1);

    release = true;
    org.awaitility.Awaitility.await()
        .atMost(Duration.ofSeconds(10))
        .until(() -> stuck.stuck().get() == 0);
    assertThat(stuck.stuck().get()).as("the thread came back").isZero();
  }

  @Test
  void repeatedFailuresOpenTheCircuitOnceWithOneAlert() throws Exception {
    AtomicInteger calls = new AtomicInteger();
    ActiveDetector failing =
        detector(
            "failing",
            i -> {
              calls.incrementAndGet();
              throw new IllegalStateException("no");
            },
            3);
    DetectorChain chain = chain(failing);
    for (int i = 0; i < 6; i++) {
      chain.run(inspection).get(10, TimeUnit.SECONDS);
    }
    assertThat(calls.get()).isEqualTo(3);
    assertThat(failing.breaker().state()).isEqualTo(CircuitBreaker.State.OPEN);
    assertThat(alerts).hasSize(1);
    assertThat(alerts.get(0).type()).isEqualTo("detector.circuit-open");
    assertThat(alerts.get(0).attributes()).containsEntry("detector", "failing");
    assertThat(
            meters
                .get("mcp_firewall_detector_calls")
                .tag("detector", "failing")
                .tag("outcome", DetectorMetrics.CIRCUIT_OPEN)
                .counter()
                .count())
        .isEqualTo(3.0);
  }
}
