package dev.mcpfirewall.detect.run;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * Per-detector metrics: calls by outcome, latency, findings by top-level category. Detector ids are
 * bounded by what is installed; categories are cut to their first segment ({@code pii.email} counts
 * as {@code pii}) so a plugin cannot blow up the label space.
 */
public final class DetectorMetrics {
  /** The call returned findings (possibly none). */
  public static final String OK = "ok";

  public static final String ERROR = "error";
  public static final String TIMEOUT = "timeout";

  /** Not called: too many calls of this detector already running (a hang holds its threads). */
  public static final String REJECTED = "rejected";

  /** Not called: its circuit is open. */
  public static final String CIRCUIT_OPEN = "circuit_open";

  private final MeterRegistry registry;
  // Meters are looked up once per label set: building and registering one per call was a large
  // share of the detection cost on the request path.
  private final Map<String, Counter> calls = new ConcurrentHashMap<>();
  private final Map<String, Timer> latencies = new ConcurrentHashMap<>();

  public DetectorMetrics(MeterRegistry registry) {
    this.registry = registry;
  }

  public void call(String detector, String outcome, long nanos) {
    calls
        .computeIfAbsent(
            detector + '\u0000' + outcome,
            k ->
                Counter.builder("mcp_firewall_detector_calls")
                    .description("Detector calls by outcome")
                    .tag("detector", detector)
                    .tag("outcome", outcome)
                    .register(registry))
        .increment();
    if (nanos >= 0) {
      latencies
          .computeIfAbsent(
              detector,
              k ->
                  Timer.builder("mcp_firewall_detector_latency")
                      .description("Time from submitting a detector call to its answer")
                      .tag("detector", detector)
                      .register(registry))
          .record(nanos, TimeUnit.NANOSECONDS);
    }
  }

  public void findings(String detector, String category, int count) {
    int dot = category.indexOf('.');
    String top = dot < 0 ? category : category.substring(0, dot);
    Counter.builder("mcp_firewall_detector_findings")
        .description("Findings reported, by detector and top-level category")
        .tag("detector", detector)
        .tag("category", top.length() > 40 ? top.substring(0, 40) : top)
        .register(registry)
        .increment(count);
  }
}
