package dev.mcpfirewall.benchmark;

import dev.mcpfirewall.config.FirewallConfig;
import dev.mcpfirewall.config.LimitsConfig;
import dev.mcpfirewall.config.SessionConfig;
import dev.mcpfirewall.jsonrpc.JsonRpcCodec;
import dev.mcpfirewall.jsonrpc.JsonRpcMessage;
import dev.mcpfirewall.pipeline.Exchange;
import dev.mcpfirewall.pipeline.Pipeline;
import dev.mcpfirewall.session.AgentSession;
import dev.mcpfirewall.session.SessionBinding;
import dev.mcpfirewall.session.SessionRegistry;
import dev.mcpfirewall.upstream.MessageStream;
import dev.mcpfirewall.upstream.UpstreamConnection;
import dev.mcpfirewall.upstream.UpstreamReply;
import io.vertx.core.Future;
import io.vertx.core.MultiMap;
import io.vertx.core.buffer.Buffer;
import java.time.Clock;
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
 * The request pipeline as the firewall node builds it today, {@link Pipeline} with the {@link
 * SessionBinding} stage, over a fresh {@link Exchange} per operation (as per request): the session
 * lookup among {@value #SESSIONS} open sessions, the protocol-version check and the decision
 * record. {@code parseAndRun} adds the {@link JsonRpcCodec} parse of the ~1 KB message of {@link
 * JsonRpcCodecBenchmark}, i.e. the firewall's per-message work before forwarding.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class PipelineBenchmark {
  static final int SESSIONS = 1000;

  private Pipeline pipeline;
  private JsonRpcCodec codec;
  private Buffer body;
  private JsonRpcMessage message;
  private MultiMap headers;

  @Setup
  public void setUp() {
    SessionRegistry sessions =
        new SessionRegistry(SessionConfig.defaults(), Clock.systemUTC(), System::nanoTime);
    AgentSession session = null;
    for (int i = 0; i < SESSIONS; i++) {
      session = sessions.open("bench", "key-owner:bench", new IdleConnection());
    }
    pipeline =
        new Pipeline(
            List.of(new SessionBinding(sessions, FirewallConfig.DEFAULT_PROTOCOL_VERSIONS)));
    codec = new JsonRpcCodec(LimitsConfig.DEFAULT_MAX_JSON_DEPTH);
    body = Buffer.buffer(JsonRpcCodecBenchmark.typicalToolsCall().encode());
    message = codec.parse(body);
    headers =
        MultiMap.caseInsensitiveMultiMap()
            .add("Host", "127.0.0.1:8080")
            .add("Content-Type", "application/json")
            .add("Accept", "application/json, text/event-stream")
            .add(SessionBinding.SESSION_HEADER, session.id())
            .add(SessionBinding.PROTOCOL_HEADER, "2025-06-18");
    Exchange check = new Exchange("bench", message, headers, "127.0.0.1", System.nanoTime());
    if (pipeline.run(check).failed() || check.session() != session) {
      throw new IllegalStateException("the session-binding stage did not resolve the session");
    }
  }

  @Benchmark
  public Exchange sessionBinding() {
    Exchange exchange = new Exchange("bench", message, headers, "127.0.0.1", System.nanoTime());
    pipeline.run(exchange);
    return exchange;
  }

  @Benchmark
  public Exchange parseAndRun() {
    Exchange exchange =
        new Exchange("bench", codec.parse(body), headers, "127.0.0.1", System.nanoTime());
    pipeline.run(exchange);
    return exchange;
  }

  /** An upstream session that is never used: the pipeline runs before forwarding. */
  private static final class IdleConnection implements UpstreamConnection {
    @Override
    public Future<UpstreamReply> send(JsonRpcMessage message) {
      return Future.failedFuture("not connected");
    }

    @Override
    public Future<MessageStream> listen(String lastEventId) {
      return Future.failedFuture("not connected");
    }

    @Override
    public Future<Void> close() {
      return Future.succeededFuture();
    }
  }
}
