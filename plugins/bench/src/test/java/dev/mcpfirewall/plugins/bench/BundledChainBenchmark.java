package dev.mcpfirewall.plugins.bench;

import dev.mcpfirewall.plugins.api.Direction;
import dev.mcpfirewall.plugins.api.Finding;
import dev.mcpfirewall.plugins.api.Inspection;
import dev.mcpfirewall.plugins.api.Inspector;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The whole bundled detector chain (secrets, prompt-injection, pii, tool-poisoning, default
 * configuration) on ordinary 4 KB text: a tool result mixing prose, JSON and log lines, with
 * numbers, dates, paths and ids but no secrets or attacks. Throughput per thread; MB/s is ops/s ×
 * 4096 / 10^6.
 *
 * <pre>
 * ./mvnw -o -q -pl plugins/bench -am install -DskipTests
 * ./mvnw -o -q -pl plugins/bench test-compile exec:exec -Dexec.executable=java \
 *   -Dexec.classpathScope=test \
 *   -Dexec.args="-cp %classpath org.openjdk.jmh.Main BundledChain -f 1 -wi 3 -i 5"
 * </pre>
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class BundledChainBenchmark {
  static final int SIZE = 4096;

  private BundledChain chain;
  private Inspection outbound;
  private Inspection toolDescription;
  private Inspector secrets;
  private Inspector injection;
  private Inspector pii;
  private Inspector poisoning;

  @Setup
  public void setUp() {
    chain = new BundledChain();
    String text = ordinaryText();
    outbound = BundledChain.inspection(Direction.OUTBOUND, text);
    toolDescription = BundledChain.inspection(Direction.TOOL_DESCRIPTION, text);
    secrets = chain.inspector("secrets");
    injection = chain.inspector("prompt-injection");
    pii = chain.inspector("pii");
    poisoning = chain.inspector("tool-poisoning");
    if (!chain.inspect(outbound).isEmpty()) {
      throw new IllegalStateException("ordinary text must be clean: " + chain.inspect(outbound));
    }
  }

  /**
   * The hot path: a tool result (tool-poisoning inspects descriptions only and returns at once).
   */
  @Benchmark
  public List<Finding> chainOnToolResult() {
    return chain.inspect(outbound);
  }

  /** All four detectors at work: the same text as a tool description. */
  @Benchmark
  public List<Finding> chainOnToolDescription() {
    return chain.inspect(toolDescription);
  }

  @Benchmark
  public List<Finding> secrets() {
    return secrets.inspect(outbound);
  }

  @Benchmark
  public List<Finding> promptInjection() {
    return injection.inspect(outbound);
  }

  @Benchmark
  public List<Finding> pii() {
    return pii.inspect(outbound);
  }

  @Benchmark
  public List<Finding> toolPoisoning() {
    return poisoning.inspect(toolDescription);
  }

  /** 4096 characters of what tools ordinarily return. */
  static String ordinaryText() {
    String prose =
        "The quarterly report summarises revenue, churn and support volume for the three regions."
            + " Revenue grew 12.5% over the previous quarter, driven by the enterprise plan; churn"
            + " fell to 2.1% after the onboarding changes shipped in March. Support volume rose"
            + " slightly because of the migration to the new billing system, which moved invoices"
            + " from the legacy service to the platform team. The next review is scheduled for"
            + " 2026-12-04 at 10:30 in room B-214; please bring the updated forecast and the list"
            + " of open action items from the last meeting.\n";
    String json =
        "{\"id\": 48213, \"status\": \"shipped\", \"items\": 3, \"total\": 149.90, \"currency\":"
            + " \"EUR\", \"created\": \"2026-11-27T06:12:44Z\", \"path\": \"/srv/data/orders/48213.json\","
            + " \"tags\": [\"priority\", \"gift\"], \"warehouse\": \"Rotterdam-2\"}\n";
    String log =
        "2026-11-27 06:12:44.120 INFO  [worker-3] orders.Dispatcher - dispatched batch 771 (42"
            + " orders) in 183 ms, queue depth 5, version 4.18.2\n";
    StringBuilder text = new StringBuilder(SIZE + 512);
    while (text.length() < SIZE) {
      text.append(prose).append(json).append(log).append(json).append(log);
    }
    return text.substring(0, SIZE);
  }
}
