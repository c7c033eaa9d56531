package dev.mcpfirewall.benchmark;

import dev.mcpfirewall.benchmark.LoadBenchmark.Kind;
import dev.mcpfirewall.benchmark.LoadBenchmark.PhaseResult;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.function.ToDoubleFunction;
import org.HdrHistogram.Histogram;

/** Turns the load benchmark's phases into Markdown tables, medians, a verdict and JSON. */
final class LoadReport {
  static final double TARGET_THROUGHPUT_RATIO = 0.45;
  static final double TARGET_CPU_MICROS = 80;
  static final double TARGET_ADDED_P99_MICROS = 1000;

  private static final double[] PERCENTILES = {50, 90, 99, 99.9};

  private final LoadOptions options;
  private final List<PhaseResult> results;
  private final List<String> environment;

  LoadReport(LoadOptions options, List<PhaseResult> results, List<String> environment) {
    this.options = options;
    this.results = List.copyOf(results);
    this.environment = List.copyOf(environment);
  }

  /** One line per phase while the benchmark runs. */
  static String progressLine(PhaseResult r) {
    Histogram h = r.window().responseTime();
    return String.format(
        Locale.ROOT,
        "round %d %-10s %-8s %8.0f req/s  p50 %6.0f µs  p99 %6.0f µs  firewall CPU %6.1f µs/req"
            + "  firewall switches %4.1f/req  other processes %.2f cores%s",
        r.round(),
        r.kind() == Kind.THROUGHPUT ? "throughput" : "fixed-rate",
        r.path(),
        r.window().perSecond(),
        micros(h, 50),
        micros(h, 99),
        LoadBenchmark.FIREWALL.equals(r.path())
            ? r.perRequestMicros(r.firewallCpuNanos())
            : Double.NaN,
        LoadBenchmark.FIREWALL.equals(r.path()) ? r.perRequest(r.firewallSwitches()) : Double.NaN,
        r.foreignCores(),
        r.window().errors() > 0
            ? "  ERRORS " + r.window().errors() + ": " + r.window().firstError()
            : "");
  }

  String markdown() {
    StringBuilder md = new StringBuilder();
    md.append("### Load benchmark\n\n");
    environment.forEach(line -> md.append("- ").append(line).append('\n'));
    md.append(
        String.format(
            Locale.ROOT,
            "- phases: %d s measured after a %d s lead-in, %d rounds of direct then firewall;"
                + " initial warm-up %d s per path%n%n",
            options.duration().toSeconds(),
            options.phaseWarmup().toSeconds(),
            options.rounds(),
            options.warmup().toSeconds()));

    md.append(
        String.format(
            "#### Throughput, closed loop (%d calls in flight)%n%n", options.connections()));
    md.append("| round | direct req/s | firewall req/s | ratio |\n|---|---:|---:|---:|\n");
    List<Double> ratios = new ArrayList<>();
    for (int round = 1; round <= options.rounds(); round++) {
      double direct = find(round, Kind.THROUGHPUT, LoadBenchmark.DIRECT).window().perSecond();
      double fw = find(round, Kind.THROUGHPUT, LoadBenchmark.FIREWALL).window().perSecond();
      ratios.add(fw / direct);
      md.append(row(Integer.toString(round), f0(direct), f0(fw), f2(fw / direct)));
    }
    md.append(
        row(
            "**median**",
            f0(median(phases(Kind.THROUGHPUT, LoadBenchmark.DIRECT), r -> r.window().perSecond())),
            f0(
                median(
                    phases(Kind.THROUGHPUT, LoadBenchmark.FIREWALL), r -> r.window().perSecond())),
            "**" + f2(median(ratios)) + "**"));

    md.append(
        String.format(
            "%n#### Latency at %d calls/s, open loop, from the scheduled send time (µs)%n%n",
            options.rate()));
    md.append(
        "| round | path | achieved req/s | p50 | p90 | p99 | p99.9 | max |\n"
            + "|---|---|---:|---:|---:|---:|---:|---:|\n");
    for (PhaseResult r : phases(Kind.FIXED_RATE, null)) {
      Histogram h = r.window().responseTime();
      md.append(
          row(
              Integer.toString(r.round()),
              r.path(),
              f0(r.window().perSecond()),
              f0(micros(h, 50)),
              f0(micros(h, 90)),
              f0(micros(h, 99)),
              f0(micros(h, 99.9)),
              f0(h.getMaxValue() / 1000.0)));
    }
    for (String path : List.of(LoadBenchmark.DIRECT, LoadBenchmark.FIREWALL)) {
      List<PhaseResult> ps = phases(Kind.FIXED_RATE, path);
      md.append(
          row(
              "**median**",
              path,
              f0(median(ps, r -> r.window().perSecond())),
              f0(median(ps, r -> micros(r.window().responseTime(), 50))),
              f0(median(ps, r -> micros(r.window().responseTime(), 90))),
              f0(median(ps, r -> micros(r.window().responseTime(), 99))),
              f0(median(ps, r -> micros(r.window().responseTime(), 99.9))),
              f0(median(ps, r -> r.window().responseTime().getMaxValue() / 1000.0))));
    }
    double[] added = addedLatency();
    md.append(
        row(
            "**median**",
            "**added by the firewall**",
            "",
            "**" + f0(added[0]) + "**",
            f0(added[1]),
            "**" + f0(added[2]) + "**",
            f0(added[3]),
            ""));
    md.append(
        "\nAdded latency: per round, firewall percentile minus direct percentile; the median of"
            + " the rounds.\n");

    md.append("\n#### CPU time per call (µs of CPU per request)\n\n");
    md.append(
        "| round | load | firewall µs/req | firewall context switches/req | load gen + upstream"
            + " JVM µs/req, direct / via firewall | upstream event loop µs/req, direct / via"
            + " firewall |\n"
            + "|---|---|---:|---:|---:|---:|\n");
    for (Kind kind : Kind.values()) {
      for (int round = 1; round <= options.rounds(); round++) {
        PhaseResult fw = find(round, kind, LoadBenchmark.FIREWALL);
        PhaseResult d = find(round, kind, LoadBenchmark.DIRECT);
        md.append(
            row(
                Integer.toString(round),
                label(kind),
                f1(fw.perRequestMicros(fw.firewallCpuNanos())),
                f1(fw.perRequest(fw.firewallSwitches())),
                f1(d.perRequestMicros(d.benchmarkCpuNanos()))
                    + " / "
                    + f1(fw.perRequestMicros(fw.benchmarkCpuNanos())),
                f1(d.perRequestMicros(d.upstreamCpuNanos()))
                    + " / "
                    + f1(fw.perRequestMicros(fw.upstreamCpuNanos()))));
      }
      List<PhaseResult> fws = phases(kind, LoadBenchmark.FIREWALL);
      md.append(
          row(
              "**median**",
              label(kind),
              "**" + f1(firewallCpu(kind)) + "**",
              f1(median(fws, r -> r.perRequest(r.firewallSwitches()))),
              f1(
                      median(
                          phases(kind, LoadBenchmark.DIRECT),
                          r -> r.perRequestMicros(r.benchmarkCpuNanos())))
                  + " / "
                  + f1(median(fws, r -> r.perRequestMicros(r.benchmarkCpuNanos()))),
              ""));
    }
    md.append(
        String.format(
            Locale.ROOT,
            "%nFirewall process CPU while idle (during the direct phases): %.1f ms per second.%n",
            idleFirewallCpuMillisPerSecond()));
    md.append("\nOther processes' CPU per phase (cores): ");
    md.append(
        String.join(
            ", ",
            results.stream()
                .map(
                    r ->
                        (r.kind() == Kind.THROUGHPUT ? "T" : "R")
                            + r.round()
                            + " "
                            + r.path()
                            + " "
                            + f2(r.foreignCores()))
                .toList()));
    md.append('\n');
    double worst = results.stream().mapToDouble(PhaseResult::foreignCores).max().orElse(0);
    if (worst >= 0.1) {
      md.append(
          String.format(
              Locale.ROOT,
              "%n**Disturbed run:** other processes used up to %.2f cores during a phase; figures"
                  + " from such phases understate the paths' capacity.%n",
              worst));
    }

    long errors = results.stream().mapToLong(r -> r.window().errors()).sum();
    md.append("\nErrors: ").append(errors);
    results.stream()
        .filter(r -> r.window().firstError() != null)
        .findFirst()
        .ifPresent(r -> md.append(" (first: ").append(r.window().firstError()).append(')'));
    md.append("\n\n#### Against the targets\n\n| target | measured (median) | |\n|---|---:|---|\n");
    double ratio = median(ratios);
    md.append(
        row(
            "throughput through the firewall ≥ " + TARGET_THROUGHPUT_RATIO + " of direct",
            f2(ratio),
            verdict(ratio >= TARGET_THROUGHPUT_RATIO)));
    double cpu = firewallCpu(Kind.THROUGHPUT);
    md.append(
        row(
            "firewall CPU ≤ " + f0(TARGET_CPU_MICROS) + " µs per forwarded call (closed loop)",
            f1(cpu) + " µs",
            verdict(cpu <= TARGET_CPU_MICROS)));
    double cpuRate = firewallCpu(Kind.FIXED_RATE);
    md.append(
        row(
            "firewall CPU ≤ " + f0(TARGET_CPU_MICROS) + " µs per forwarded call (fixed rate)",
            f1(cpuRate) + " µs",
            verdict(cpuRate <= TARGET_CPU_MICROS)));
    md.append(
        row(
            "added p99 < 1 ms at " + options.rate() + " calls/s",
            f0(added[2]) + " µs",
            verdict(added[2] < TARGET_ADDED_P99_MICROS)));
    md.append(row("no errors", Long.toString(errors), verdict(errors == 0)));
    return md.toString();
  }

  JsonObject json() {
    JsonArray phases = new JsonArray();
    for (PhaseResult r : results) {
      Histogram h = r.window().responseTime();
      Histogram s = r.window().serviceTime();
      JsonObject latency = new JsonObject();
      JsonObject service = new JsonObject();
      for (double p : PERCENTILES) {
        latency.put("p" + pct(p), micros(h, p));
        service.put("p" + pct(p), micros(s, p));
      }
      latency.put("max", h.getMaxValue() / 1000.0);
      service.put("max", s.getMaxValue() / 1000.0);
      phases.add(
          new JsonObject()
              .put("round", r.round())
              .put("kind", r.kind().name().toLowerCase(Locale.ROOT))
              .put("path", r.path())
              .put("requests", r.window().requests())
              .put("errors", r.window().errors())
              .put("seconds", r.window().nanos() / 1e9)
              .put("requestsPerSecond", r.window().perSecond())
              .put("latencyMicrosFromScheduledSend", latency)
              .put("latencyMicrosFromActualSend", service)
              .put("firewallCpuMicrosPerRequest", r.perRequestMicros(r.firewallCpuNanos()))
              .put("benchmarkJvmCpuMicrosPerRequest", r.perRequestMicros(r.benchmarkCpuNanos()))
              .put("upstreamCpuMicrosPerRequest", r.perRequestMicros(r.upstreamCpuNanos()))
              .put("firewallContextSwitchesPerRequest", r.perRequest(r.firewallSwitches()))
              .put("benchmarkJvmContextSwitchesPerRequest", r.perRequest(r.benchmarkSwitches()))
              .put("otherProcessesCores", r.foreignCores()));
    }
    List<Double> ratios = new ArrayList<>();
    for (int round = 1; round <= options.rounds(); round++) {
      ratios.add(
          find(round, Kind.THROUGHPUT, LoadBenchmark.FIREWALL).window().perSecond()
              / find(round, Kind.THROUGHPUT, LoadBenchmark.DIRECT).window().perSecond());
    }
    double[] added = addedLatency();
    return new JsonObject()
        .put(
            "options",
            new JsonObject()
                .put("connections", options.connections())
                .put("warmupSeconds", options.warmup().toSeconds())
                .put("phaseWarmupSeconds", options.phaseWarmup().toSeconds())
                .put("durationSeconds", options.duration().toSeconds())
                .put("rounds", options.rounds())
                .put("rate", options.rate())
                .put("firewallEventLoops", options.firewallEventLoops())
                .put("upstreamEventLoops", options.upstreamEventLoops())
                .put("firewallJvmArgs", new JsonArray(options.firewallJvmArgs())))
        .put("environment", new JsonArray(environment))
        .put("phases", phases)
        .put(
            "summary",
            new JsonObject()
                .put("throughputRatio", median(ratios))
                .put("addedP50Micros", added[0])
                .put("addedP90Micros", added[1])
                .put("addedP99Micros", added[2])
                .put("addedP999Micros", added[3])
                .put("firewallCpuMicrosPerRequestClosedLoop", firewallCpu(Kind.THROUGHPUT))
                .put("firewallCpuMicrosPerRequestFixedRate", firewallCpu(Kind.FIXED_RATE))
                .put("firewallIdleCpuMillisPerSecond", idleFirewallCpuMillisPerSecond()));
  }

  private double[] addedLatency() {
    double[] added = new double[PERCENTILES.length];
    for (int i = 0; i < PERCENTILES.length; i++) {
      List<Double> deltas = new ArrayList<>();
      for (int round = 1; round <= options.rounds(); round++) {
        deltas.add(
            micros(
                    find(round, Kind.FIXED_RATE, LoadBenchmark.FIREWALL).window().responseTime(),
                    PERCENTILES[i])
                - micros(
                    find(round, Kind.FIXED_RATE, LoadBenchmark.DIRECT).window().responseTime(),
                    PERCENTILES[i]));
      }
      added[i] = median(deltas);
    }
    return added;
  }

  private double firewallCpu(Kind kind) {
    return median(
        phases(kind, LoadBenchmark.FIREWALL), r -> r.perRequestMicros(r.firewallCpuNanos()));
  }

  private double idleFirewallCpuMillisPerSecond() {
    return median(
        results.stream().filter(r -> LoadBenchmark.DIRECT.equals(r.path())).toList(),
        r -> r.firewallCpuNanos() / 1e6 / (r.window().nanos() / 1e9));
  }

  private PhaseResult find(int round, Kind kind, String path) {
    return results.stream()
        .filter(r -> r.round() == round && r.kind() == kind && r.path().equals(path))
        .findFirst()
        .orElseThrow();
  }

  private List<PhaseResult> phases(Kind kind, String path) {
    return results.stream()
        .filter(r -> r.kind() == kind && (path == null || r.path().equals(path)))
        .toList();
  }

  static double micros(Histogram h, double percentile) {
    return h.getTotalCount() == 0 ? Double.NaN : h.getValueAtPercentile(percentile) / 1000.0;
  }

  static <T> double median(List<T> items, ToDoubleFunction<T> value) {
    return median(items.stream().map(value::applyAsDouble).toList());
  }

  static double median(List<Double> values) {
    double[] sorted = values.stream().mapToDouble(Double::doubleValue).toArray();
    if (sorted.length == 0) {
      return Double.NaN;
    }
    Arrays.sort(sorted);
    int mid = sorted.length / 2;
    return sorted.length % 2 == 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
  }

  private static String row(String... cells) {
    return "| " + String.join(" | ", cells) + " |\n";
  }

  private static String label(Kind kind) {
    return kind == Kind.THROUGHPUT ? "closed loop" : "fixed rate";
  }

  private static String verdict(boolean met) {
    return met ? "met" : "**missed**";
  }

  private static String pct(double p) {
    return p == Math.rint(p) ? Integer.toString((int) p) : Double.toString(p).replace(".", "");
  }

  private static String f0(double v) {
    return String.format(Locale.ROOT, "%.0f", v);
  }

  private static String f1(double v) {
    return String.format(Locale.ROOT, "%.1f", v);
  }

  private static String f2(double v) {
    return String.format(Locale.ROOT, "%.2f", v);
  }
}
