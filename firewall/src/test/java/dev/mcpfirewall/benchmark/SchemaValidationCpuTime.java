package dev.mcpfirewall.benchmark;

import dev.mcpfirewall.schema.CompiledToolSchema;
import dev.mcpfirewall.schema.StrictMode;
import dev.mcpfirewall.schema.ToolSchemaLimits;
import dev.mcpfirewall.schema.ToolSchemas;
import io.vertx.core.json.JsonObject;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import org.HdrHistogram.Histogram;

/**
 * The companion of {@link SchemaValidationBenchmark} for a busy machine: percentiles of the <em>CPU
 * time</em> of each validation (the calling thread's CPU clock around each call), which a
 * preemption by another process does not inflate, where JMH's sample mode measures wall time. Same
 * schema and arguments as the JMH benchmark.
 *
 * <pre>
 * ./mvnw -q -pl firewall test-compile exec:java -DskipTests -Dexec.classpathScope=test \
 *   -Dexec.mainClass=dev.mcpfirewall.benchmark.SchemaValidationCpuTime
 * </pre>
 */
public final class SchemaValidationCpuTime {

  private static final int WARM_UP_CALLS = 200_000;
  private static final int MEASURED_CALLS = 200_000;

  private SchemaValidationCpuTime() {}

  public static void main(String[] args) {
    ThreadMXBean threads = ManagementFactory.getThreadMXBean();
    ToolSchemas schemas = new ToolSchemas(ToolSchemaLimits.defaults());
    CompiledToolSchema schema =
        schemas.compile(
            "bench-definition-hash",
            SchemaValidationBenchmark.realisticSchema(),
            StrictMode.defaults());
    JsonObject arguments = SchemaValidationBenchmark.realisticArguments();
    for (StrictMode mode : new StrictMode[] {StrictMode.OFF, StrictMode.defaults()}) {
      for (int i = 0; i < WARM_UP_CALLS; i++) {
        check(schemas.validateArguments(schema, arguments, mode).isValid());
      }
      Histogram cpu = new Histogram(3);
      Histogram clockOverhead = new Histogram(3);
      for (int i = 0; i < MEASURED_CALLS; i++) {
        long start = threads.getCurrentThreadCpuTime();
        boolean valid = schemas.validateArguments(schema, arguments, mode).isValid();
        long end = threads.getCurrentThreadCpuTime();
        long empty = threads.getCurrentThreadCpuTime();
        clockOverhead.recordValue(Math.max(0, empty - end));
        cpu.recordValue(Math.max(0, end - start));
        check(valid);
      }
      System.out.printf(
          "strict=%s: CPU µs per validation p50 %.1f, p90 %.1f, p99 %.1f, p99.9 %.1f, max %.1f"
              + " (CPU clock read: p50 %.1f µs, included)%n",
          mode.enabled(),
          cpu.getValueAtPercentile(50) / 1000.0,
          cpu.getValueAtPercentile(90) / 1000.0,
          cpu.getValueAtPercentile(99) / 1000.0,
          cpu.getValueAtPercentile(99.9) / 1000.0,
          cpu.getMaxValue() / 1000.0,
          clockOverhead.getValueAtPercentile(50) / 1000.0);
    }
  }

  private static void check(boolean valid) {
    if (!valid) {
      throw new IllegalStateException("benchmark arguments must be valid");
    }
  }
}
