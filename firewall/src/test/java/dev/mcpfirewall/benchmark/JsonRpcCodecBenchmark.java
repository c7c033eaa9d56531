package dev.mcpfirewall.benchmark;

import dev.mcpfirewall.config.LimitsConfig;
import dev.mcpfirewall.jsonrpc.JsonRpcCodec;
import dev.mcpfirewall.jsonrpc.JsonRpcMessage;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
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
 * Parsing one agent message, as the firewall does once per request: a typical {@code tools/call} of
 * about 1 KB through {@link JsonRpcCodec} (depth-limited Jackson parse plus JSON-RPC shape checks),
 * next to a plain Vert.x {@code JsonObject} parse of the same bytes as the baseline.
 *
 * <pre>
 * ./mvnw -q -pl firewall test-compile exec:exec -Dexec.executable=java -Dexec.classpathScope=test \
 *   -Dexec.args="-cp %classpath org.openjdk.jmh.Main JsonRpcCodec -f 1 -wi 3 -i 5"
 * </pre>
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class JsonRpcCodecBenchmark {
  private JsonRpcCodec codec;
  private Buffer message;

  @Setup
  public void setUp() {
    codec = new JsonRpcCodec(LimitsConfig.DEFAULT_MAX_JSON_DEPTH);
    message = Buffer.buffer(typicalToolsCall().encode());
    System.out.printf("%n[JsonRpcCodecBenchmark] message: %d bytes%n", message.length());
  }

  /** A {@code tools/call} with nested arguments and some prose, about 1 KB encoded. */
  static JsonObject typicalToolsCall() {
    JsonObject arguments =
        new JsonObject()
            .put(
                "query",
                "Quarterly revenue by region for the last three years, excluding intra-group"
                    + " transfers, with currency normalised to EUR at the closing rate.")
            .put(
                "filters",
                new JsonObject()
                    .put("regions", new JsonArray().add("EMEA").add("APAC").add("AMER"))
                    .put("from", "2023-01-01")
                    .put("to", "2025-12-31")
                    .put("includeForecast", false)
                    .put("minimumAmount", 2500.75))
            .put("limit", 50)
            .put("offset", 0)
            .put(
                "columns",
                new JsonArray()
                    .add("region")
                    .add("quarter")
                    .add("revenue")
                    .add("currency")
                    .add("growth")
                    .add("notes"))
            .put(
                "context",
                "The user is preparing the board pack and asked for a table they can paste into"
                    + " the finance slide; keep figures rounded to thousands and mention any"
                    + " region whose data is incomplete for a quarter.")
            .put("format", new JsonObject().put("type", "table").put("decimals", 0));
    JsonObject message =
        new JsonObject()
            .put("jsonrpc", "2.0")
            .put("id", 1842)
            .put("method", "tools/call")
            .put(
                "params",
                new JsonObject()
                    .put("name", "finance_report_query")
                    .put("arguments", arguments)
                    .put(
                        "_meta",
                        new JsonObject()
                            .put("progressToken", "c0ffee-7d3f-4b7a-9a63-5f0e6b1d2a11")));
    while (message.encode().length() < 1000) {
      arguments.put("padding" + arguments.size(), "lorem ipsum dolor sit amet");
    }
    return message;
  }

  @Benchmark
  public JsonRpcMessage parseToolsCall() {
    return codec.parse(message);
  }

  @Benchmark
  public JsonObject baselineVertxJsonObject() {
    return new JsonObject(message);
  }
}
