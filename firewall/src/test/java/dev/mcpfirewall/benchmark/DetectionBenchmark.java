package dev.mcpfirewall.benchmark;

import dev.mcpfirewall.alert.AlertSink;
import dev.mcpfirewall.config.PluginsConfig;
import dev.mcpfirewall.detect.ContentScanner;
import dev.mcpfirewall.detect.Judgement;
import dev.mcpfirewall.detect.MessageText;
import dev.mcpfirewall.detect.OutboundDetection;
import dev.mcpfirewall.detect.fixtures.TokenDetector;
import dev.mcpfirewall.detect.host.PluginHost;
import dev.mcpfirewall.detect.policy.VerdictPolicy;
import dev.mcpfirewall.detect.run.DetectorMetrics;
import dev.mcpfirewall.detect.run.DetectorPool;
import dev.mcpfirewall.detect.run.DetectorRegistry;
import dev.mcpfirewall.detect.text.ScanText;
import dev.mcpfirewall.jsonrpc.JsonRpcMessage;
import dev.mcpfirewall.pipeline.Exchange;
import dev.mcpfirewall.plugins.api.Direction;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.nio.file.Files;
import java.time.Clock;
import java.util.List;
import java.util.Set;
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
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The detector platform's own cost on one tool result carrying 4 KB of ordinary prose, with one
 * trivial detector (a substring search), so the figures are the platform's, not a detector's:
 *
 * <ul>
 *   <li>{@code extract}: walking the message and normalising its strings (ASCII fast path)
 *   <li>{@code scan}: extraction plus the chain: a hop to the detector pool and back, the deadline,
 *       the policy
 *   <li>{@code outboundStage}: the whole response stage as the reply writer runs it
 * </ul>
 *
 * <pre>
 * ./mvnw -q -pl firewall test-compile exec:exec -DskipTests -Dexec.executable=java \
 *   -Dexec.classpathScope=test \
 *   -Dexec.args="-cp %classpath org.openjdk.jmh.Main Detection -f 1 -wi 3 -i 5"
 * </pre>
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class DetectionBenchmark {
  private DetectorRegistry registry;
  private ContentScanner scanner;
  private OutboundDetection stage;
  private Exchange exchange;
  private Buffer encoded;
  private JsonRpcMessage message;

  @Setup
  public void setUp() throws Exception {
    // The test class path's "bundled" probe detector stays out: one trivial detector only.
    PluginsConfig config =
        PluginsConfig.defaults()
            .withDetectors(
                java.util.Map.of(
                    "classpath-probe",
                    PluginsConfig.DetectorSettings.defaults().withEnabled(false)));
    AlertSink alerts = alert -> {};
    registry =
        new DetectorRegistry(
            config,
            new PluginHost(
                config, Files.createTempDirectory("detect-bench"), List.of(new TokenDetector())),
            new DetectorPool(2),
            new DetectorMetrics(new SimpleMeterRegistry()),
            alerts,
            Clock.systemUTC());
    registry.start().get(30, TimeUnit.SECONDS);
    scanner = new ContentScanner(registry, new VerdictPolicy(config.policy()));
    stage = new OutboundDetection(scanner);
    JsonObject request =
        new JsonObject()
            .put("jsonrpc", "2.0")
            .put("id", 7)
            .put("method", "tools/call")
            .put(
                "params",
                new JsonObject().put("name", "search").put("arguments", new JsonObject()));
    exchange =
        new Exchange(
            "bench", JsonRpcMessage.of(request, null), null, "127.0.0.1", System.nanoTime());
    encoded = Buffer.buffer(result().encode());
    message = JsonRpcMessage.of(new JsonObject(encoded), encoded);
    System.out.printf("%n[DetectionBenchmark] message: %d bytes%n", encoded.length());
  }

  /** A tools/call result with 4096 characters of ordinary English prose. */
  static JsonObject result() {
    String sentence =
        "The quarterly report shows steady growth in the northern region, while shipping delays"
            + " in the south were resolved by the end of the period. ";
    StringBuilder text = new StringBuilder();
    while (text.length() < 4096) {
      text.append(sentence);
    }
    text.setLength(4096);
    return new JsonObject()
        .put("jsonrpc", "2.0")
        .put("id", 7)
        .put(
            "result",
            new JsonObject()
                .put(
                    "content",
                    new JsonArray()
                        .add(new JsonObject().put("type", "text").put("text", text.toString())))
                .put("isError", false));
  }

  /** Parsed once: nothing is found, so nothing edits it. */
  private JsonRpcMessage message() {
    return message;
  }

  @Benchmark
  public ScanText extract() {
    return MessageText.outbound(message(), "tools/call");
  }

  @Benchmark
  public Judgement scan() throws Exception {
    ScanText text = MessageText.outbound(message(), "tools/call");
    return scanner
        .scan(text, Direction.OUTBOUND, "tools/call", "bench", "search", Set.of())
        .toCompletionStage()
        .toCompletableFuture()
        .get();
  }

  @Benchmark
  public JsonRpcMessage outboundStage() throws Exception {
    return stage.apply(exchange, message()).toCompletionStage().toCompletableFuture().get();
  }

  @TearDown
  public void tearDown() {
    registry.close();
  }
}
