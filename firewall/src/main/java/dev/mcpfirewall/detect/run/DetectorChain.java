package dev.mcpfirewall.detect.run;

import dev.mcpfirewall.alert.Alert;
import dev.mcpfirewall.alert.AlertSink;
import dev.mcpfirewall.detect.host.InstalledDetector;
import dev.mcpfirewall.plugins.api.Finding;
import dev.mcpfirewall.plugins.api.Inspection;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs every active detector over one inspection, in parallel on the {@link DetectorPool}, each
 * with its deadline, and contains what goes wrong: an exception, a hang or a slow answer becomes a
 * failed {@link DetectorRun}; repeated failures open the detector's circuit and raise an alert.
 * Immutable snapshot: reconfiguration builds a new chain.
 */
public final class DetectorChain {
  private static final Logger log = LoggerFactory.getLogger(DetectorChain.class);

  /**
   * A bundled detector inspects texts up to this many characters on the calling thread instead of
   * the pool. Bundled detectors are the project's own, proven linear-time by their adversarial
   * tests, and scan at over 100 MB/s: 4096 characters cost them tens of microseconds, less than the
   * two thread hand-offs the pool would add. Vendor detectors always run on the pool, with their
   * deadline.
   */
  public static final int INLINE_MAX_CHARS = 4096;

  private final List<ActiveDetector> detectors;
  private final DetectorPool pool;
  private final DetectorMetrics metrics;
  private final AlertSink alerts;
  private final Clock clock;
  private final int maxStuck;

  public DetectorChain(
      List<ActiveDetector> detectors,
      DetectorPool pool,
      DetectorMetrics metrics,
      AlertSink alerts,
      Clock clock) {
    this.detectors = List.copyOf(detectors);
    this.pool = pool;
    this.metrics = metrics;
    this.alerts = alerts;
    this.clock = clock;
    this.maxStuck = Math.max(1, pool.threads() / 2);
  }

  public List<ActiveDetector> detectors() {
    return detectors;
  }

  public boolean isEmpty() {
    return detectors.isEmpty();
  }

  /** Runs all detectors; the future always succeeds, with one run per detector. */
  public CompletableFuture<List<DetectorRun>> run(Inspection inspection) {
    if (detectors.size() == 1) {
      return run(detectors.get(0), inspection).thenApply(List::of);
    }
    List<CompletableFuture<DetectorRun>> runs = new ArrayList<>(detectors.size());
    for (ActiveDetector detector : detectors) {
      runs.add(run(detector, inspection));
    }
    return CompletableFuture.allOf(runs.toArray(CompletableFuture[]::new))
        .thenApply(v -> runs.stream().map(CompletableFuture::join).toList());
  }

  private CompletableFuture<DetectorRun> run(ActiveDetector detector, Inspection inspection) {
    if (!detector.breaker().allow()) {
      metrics.call(detector.id(), DetectorMetrics.CIRCUIT_OPEN, -1);
      return CompletableFuture.completedFuture(
          new DetectorRun(detector, List.of(), DetectorMetrics.CIRCUIT_OPEN));
    }
    if (detector.stuck().get() >= maxStuck) {
      metrics.call(detector.id(), DetectorMetrics.REJECTED, -1);
      failed(detector, DetectorMetrics.REJECTED, null);
      return CompletableFuture.completedFuture(
          new DetectorRun(detector, List.of(), DetectorMetrics.REJECTED));
    }
    long start = System.nanoTime();
    // 0: running, 1: returned in time, 2: past its deadline and still holding its thread.
    AtomicInteger state = new AtomicInteger();
    if (InstalledDetector.BUNDLED.equals(detector.origin())
        && inspection.length() <= INLINE_MAX_CHARS) {
      List<Finding> findings;
      try {
        findings = detector.inspector().inspect(inspection);
      } catch (RuntimeException e) {
        return CompletableFuture.completedFuture(finish(detector, start, state, null, e));
      }
      return CompletableFuture.completedFuture(finish(detector, start, state, findings, null));
    }
    return pool.submit(
            () -> detector.inspector().inspect(inspection),
            detector.deadline(),
            () -> {
              if (!state.compareAndSet(0, 1) && state.get() == 2) {
                detector.stuck().decrementAndGet();
              }
            })
        .handle((findings, error) -> finish(detector, start, state, findings, error));
  }

  private DetectorRun finish(
      ActiveDetector detector,
      long start,
      AtomicInteger state,
      List<Finding> findings,
      Throwable error) {
    long nanos = System.nanoTime() - start;
    if (error == null) {
      List<Finding> clean = clean(findings);
      metrics.call(detector.id(), DetectorMetrics.OK, nanos);
      count(detector, clean);
      if (detector.breaker().success() == CircuitBreaker.Transition.CLOSED) {
        log.info("detector '{}' answers again; its circuit is closed", detector.id());
      }
      return new DetectorRun(detector, clean, null);
    }
    Throwable cause =
        error instanceof java.util.concurrent.CompletionException && error.getCause() != null
            ? error.getCause()
            : error;
    String outcome;
    if (cause instanceof TimeoutException) {
      outcome = DetectorMetrics.TIMEOUT;
      if (state.compareAndSet(0, 2)) {
        detector.stuck().incrementAndGet();
      }
    } else {
      outcome = DetectorMetrics.ERROR;
    }
    metrics.call(detector.id(), outcome, nanos);
    failed(detector, outcome, cause);
    return new DetectorRun(detector, List.of(), outcome);
  }

  private void failed(ActiveDetector detector, String outcome, Throwable cause) {
    if (cause != null && !(cause instanceof TimeoutException)) {
      log.warn("detector '{}' failed: {}", detector.id(), cause.toString());
    }
    if (detector.breaker().failure() == CircuitBreaker.Transition.OPENED) {
      log.warn(
          "detector '{}' failed {} times in a row ({}); its circuit is open for {}",
          detector.id(),
          detector.breaker().failures(),
          outcome,
          "a while");
      alerts.send(
          new Alert(
              "detector.circuit-open",
              Alert.Severity.CRITICAL,
              "detector '"
                  + detector.id()
                  + "' keeps failing ("
                  + outcome
                  + "); it is taken out of the chain and its fail mode ("
                  + detector.settings().failMode().name().toLowerCase(java.util.Locale.ROOT)
                  + ") applies",
              Map.of(
                  "detector", detector.id(),
                  "origin", detector.origin(),
                  "outcome", outcome,
                  "failMode",
                      detector.settings().failMode().name().toLowerCase(java.util.Locale.ROOT)),
              clock.instant()));
    }
  }

  private static List<Finding> clean(List<Finding> findings) {
    if (findings == null || findings.isEmpty()) {
      return List.of();
    }
    List<Finding> clean = new ArrayList<>(findings.size());
    for (Finding f : findings) {
      if (f != null) {
        clean.add(f);
      }
    }
    return clean;
  }

  private void count(ActiveDetector detector, List<Finding> findings) {
    if (findings.isEmpty()) {
      return;
    }
    Map<String, Integer> byCategory = new HashMap<>();
    for (Finding f : findings) {
      byCategory.merge(f.category(), 1, Integer::sum);
    }
    byCategory.forEach((category, n) -> metrics.findings(detector.id(), category, n));
  }
}
