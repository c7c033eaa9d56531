package dev.mcpfirewall.audit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mcpfirewall.alert.MutableClock;
import dev.mcpfirewall.audit.siem.SiemForwarder;
import dev.mcpfirewall.audit.siem.SiemTarget;
import dev.mcpfirewall.audit.store.ChainWriter;
import dev.mcpfirewall.config.LimitsConfig;
import dev.mcpfirewall.jsonrpc.JsonRpcMessage;
import dev.mcpfirewall.pipeline.Exchange;
import dev.mcpfirewall.pipeline.FailureKind;
import dev.mcpfirewall.pipeline.FirewallFailure;
import dev.mcpfirewall.pipeline.ResponsePipeline;
import dev.mcpfirewall.pipeline.ResponseStage;
import dev.mcpfirewall.pipeline.StagePhase;
import dev.mcpfirewall.testpeers.FirewallUnderTest;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.vertx.core.AsyncResult;
import io.vertx.core.Future;
import io.vertx.core.MultiMap;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The trail fails closed (no record, no forwarding), the phase that always runs sees blocked
 * messages, a node does not start without its trail, and a SIEM that is down never holds up or
 * endangers the durable record.
 */
class AuditFailClosedTest {
  @TempDir Path root;

  private static Exchange exchange() {
    return new Exchange(
        "up",
        JsonRpcMessage.of(
            new JsonObject().put("jsonrpc", "2.0").put("id", 1).put("method", "tools/call"), null),
        MultiMap.caseInsensitiveMultiMap(),
        "127.0.0.1",
        System.nanoTime());
  }

  @Test
  void aTrailThatCannotRecordRefusesTheExchange() throws Exception {
    MutableClock clock = new MutableClock();
    ChainWriter writer = Chains.open(root.resolve("a"), root.resolve("k"), clock);
    Chains.await(writer.close());
    Future<Void> refused = new AuditStage(writer).apply(exchange());
    assertThat(refused.failed()).isTrue();
    assertThat(FirewallFailure.of(refused.cause()).kind()).isEqualTo(FailureKind.AUDIT_UNAVAILABLE);
    assertThat(new AuditStage(writer).phase()).isEqualTo(StagePhase.AUDIT);
  }

  @Test
  void theWriteAheadStageCompletesOnlyWithADurableRecord() throws Exception {
    MutableClock clock = new MutableClock();
    ChainWriter writer = Chains.open(root.resolve("b"), root.resolve("k"), clock);
    Exchange exchange = exchange();
    Chains.await(new AuditStage(writer).apply(exchange));
    assertThat(exchange.auditSeq()).isEqualTo(2); // after the start record
    Chains.await(writer.close());
    String segment =
        Files.readString(root.resolve("b/segment-000001.jsonl"), StandardCharsets.UTF_8);
    assertThat(segment).contains("\"seq\":2").contains("\"event\":\"agent.request\"");
  }

  @Test
  void aSecondWriterOnTheSameDirectoryIsRefused() throws Exception {
    MutableClock clock = new MutableClock();
    ChainWriter writer = Chains.open(root.resolve("c"), root.resolve("k"), clock);
    try {
      assertThatThrownBy(() -> Chains.open(root.resolve("c"), root.resolve("k"), clock))
          .hasMessageContaining("in use by another firewall process");
    } finally {
      Chains.await(writer.close());
    }
  }

  @Test
  void aNodeDoesNotStartWhenItsTrailCannotBeOpened() throws Exception {
    var config = FirewallUnderTest.config(List.of(), LimitsConfig.defaults());
    Files.writeString(config.audit().dir(), "not a directory");
    assertThatThrownBy(() -> FirewallUnderTest.start(config))
        .hasMessageContaining(config.audit().dir().toString());
  }

  @Test
  void theObserverSeesBlockedUpstreamMessages() {
    AtomicReference<AsyncResult<JsonRpcMessage>> seen = new AtomicReference<>();
    ResponseStage block =
        new ResponseStage() {
          @Override
          public String name() {
            return "block";
          }

          @Override
          public Future<JsonRpcMessage> apply(Exchange exchange, JsonRpcMessage message) {
            return Future.failedFuture(
                new FirewallFailure(FailureKind.FORBIDDEN, "leaks a secret"));
          }
        };
    ResponsePipeline pipeline =
        new ResponsePipeline(List.of(block), (exchange, received, outcome) -> seen.set(outcome));
    JsonRpcMessage reply = JsonRpcMessage.result(1, new JsonObject());
    assertThat(pipeline.run(exchange(), reply).failed()).isTrue();
    assertThat(seen.get().failed()).isTrue();
    AuditEvent event = ExchangeRecords.upstreamMessage(exchange(), reply, seen.get());
    assertThat(event.fields())
        .containsEntry("outcome", "blocked")
        .containsEntry("reason", "forbidden");
    assertThat(event.payload()).isNotNull(); // what was blocked is recorded, redacted
  }

  @Test
  void aSiemThatIsDownDropsTheOldestAndCountsWithoutHoldingUpTheWriter() throws Exception {
    AtomicInteger attempts = new AtomicInteger();
    SiemTarget down =
        line -> {
          attempts.incrementAndGet();
          throw new IOException("connection refused");
        };
    SimpleMeterRegistry registry = new SimpleMeterRegistry();
    SiemForwarder siem = new SiemForwarder(List.of(down), 5, registry);
    MutableClock clock = new MutableClock();
    ChainWriter writer =
        ChainWriter.open(
            Chains.small(root.resolve("d")),
            dev.mcpfirewall.audit.store.NodeKey.loadOrCreate(root.resolve("k")),
            clock,
            dev.mcpfirewall.audit.store.EventEncoder.PLAIN,
            siem);
    try {
      Chains.append(writer, clock, 40); // every append completes: durability does not wait
      assertThat(siem.waiting()).isLessThanOrEqualTo(5);
      assertThat(registry.get("mcp_firewall_audit_siem_dropped").counter().count())
          .isGreaterThanOrEqualTo(30);
      assertThat(attempts.get()).isPositive();
    } finally {
      Chains.await(writer.close());
      siem.close();
    }
    assertThat(Chains.verify(root.resolve("d"), root.resolve("k")).breaches()).isEmpty();
  }
}
