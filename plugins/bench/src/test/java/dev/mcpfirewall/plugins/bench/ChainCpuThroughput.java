package dev.mcpfirewall.plugins.bench;

import dev.mcpfirewall.plugins.api.Direction;
import dev.mcpfirewall.plugins.api.Inspection;
import dev.mcpfirewall.plugins.api.Inspector;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * The JMH benchmark's workloads measured in MB per CPU-second of the scanning thread, not per
 * wall-clock second: on a machine shared with other work the thread's CPU time is what it actually
 * got, so this is the per-core figure even when JMH's wall-clock scores swing with the load.
 * Warm-up, then seven rounds of about a CPU-second each; the median is printed with the spread.
 *
 * <pre>
 * ./mvnw -o -q -pl plugins/bench -am install -DskipTests
 * ./mvnw -o -q -pl plugins/bench test-compile exec:exec -Dexec.executable=java \
 *   -Dexec.classpathScope=test \
 *   -Dexec.args="-cp %classpath dev.mcpfirewall.plugins.bench.ChainCpuThroughput"
 * </pre>
 */
public final class ChainCpuThroughput {
  private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();

  private ChainCpuThroughput() {}

  public static void main(String[] args) {
    BundledChain chain = new BundledChain();
    String text = BundledChainBenchmark.ordinaryText();
    Inspection result = BundledChain.inspection(Direction.OUTBOUND, text);
    Inspection description = BundledChain.inspection(Direction.TOOL_DESCRIPTION, text);
    Map<String, Runnable> workloads = new LinkedHashMap<>();
    workloads.put("chain on a tool result", () -> chain.inspect(result));
    workloads.put("chain on a tool description", () -> chain.inspect(description));
    for (Map.Entry<String, Inspector> detector : chain.inspectors.entrySet()) {
      Inspection inspection = detector.getKey().equals("tool-poisoning") ? description : result;
      Inspector inspector = detector.getValue();
      workloads.put(detector.getKey(), () -> inspector.inspect(inspection));
    }
    System.out.println("| workload | MB per CPU-second (median) | min | max |");
    System.out.println("|---|---:|---:|---:|");
    for (Map.Entry<String, Runnable> workload : workloads.entrySet()) {
      measure(workload.getValue(), 2_000_000_000L);
      double[] rounds = new double[7];
      for (int i = 0; i < rounds.length; i++) {
        rounds[i] = measure(workload.getValue(), 1_000_000_000L);
      }
      Arrays.sort(rounds);
      System.out.printf(
          Locale.ROOT,
          "| %s | %.0f | %.0f | %.0f |%n",
          workload.getKey(),
          rounds[3],
          rounds[0],
          rounds[rounds.length - 1]);
    }
  }

  /** Runs {@code work} for about {@code cpuNanos} of this thread's CPU; MB (10^6 B) per CPU-s. */
  private static double measure(Runnable work, long cpuNanos) {
    long start = THREADS.getCurrentThreadCpuTime();
    long ops = 0;
    long used;
    do {
      for (int i = 0; i < 100; i++) {
        work.run();
      }
      ops += 100;
      used = THREADS.getCurrentThreadCpuTime() - start;
    } while (used < cpuNanos);
    return ops * (double) BundledChainBenchmark.SIZE / 1e6 / (used / 1e9);
  }
}
