package dev.mcpfirewall.audit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.mcpfirewall.alert.MutableClock;
import dev.mcpfirewall.audit.siem.SiemForwarder;
import dev.mcpfirewall.audit.siem.SiemTarget;
import dev.mcpfirewall.audit.siem.SyslogTarget;
import dev.mcpfirewall.audit.siem.WebhookTarget;
import dev.mcpfirewall.audit.store.ChainWriter;
import dev.mcpfirewall.audit.store.EventEncoder;
import dev.mcpfirewall.audit.store.NodeKey;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.json.JsonObject;
import java.io.DataInputStream;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The SIEM stream to a webhook and to syslog over TCP, on 127.0.0.1, records and checkpoints. */
class SiemTargetsTest {
  @TempDir Path root;

  private void writeChain(SiemTarget target) throws Exception {
    SiemForwarder siem = new SiemForwarder(List.of(target), 100, new SimpleMeterRegistry());
    MutableClock clock = new MutableClock();
    ChainWriter writer =
        ChainWriter.open(
            Chains.small(root.resolve("audit")),
            NodeKey.loadOrCreate(root.resolve("k")),
            clock,
            EventEncoder.PLAIN,
            siem);
    Chains.append(writer, clock, 3);
    Chains.await(writer.close());
    await().atMost(Duration.ofSeconds(20)).until(() -> siem.waiting() == 0);
    siem.close();
  }

  @Test
  void theWebhookReceivesEveryRecordAndCheckpointAsJson() throws Exception {
    Vertx vertx = Vertx.vertx();
    List<String> bodies = new CopyOnWriteArrayList<>();
    HttpServer server =
        vertx
            .createHttpServer()
            .requestHandler(
                req ->
                    req.body()
                        .onSuccess(
                            b -> {
                              if ("Bearer siem-token".equals(req.getHeader("Authorization"))) {
                                bodies.add(b.toString());
                              }
                              req.response().setStatusCode(202).end();
                            }))
            .listen(0, "127.0.0.1")
            .toCompletionStage()
            .toCompletableFuture()
            .get(10, TimeUnit.SECONDS);
    try {
      writeChain(
          new WebhookTarget(
              URI.create("http://127.0.0.1:" + server.actualPort() + "/ingest"),
              Map.of("Authorization", "Bearer siem-token")));
      assertThat(bodies).hasSizeGreaterThanOrEqualTo(4); // start + 3 requests
      assertThat(bodies.stream().map(JsonObject::new))
          .anySatisfy(j -> assertThat(j.getString("event")).isEqualTo("request"))
          .anySatisfy(j -> assertThat(j.getJsonObject("checkpoint")).isNotNull());
    } finally {
      vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    }
  }

  @Test
  void syslogOverTcpUsesOctetCountedRfc5424Frames() throws Exception {
    List<String> frames = new CopyOnWriteArrayList<>();
    try (ServerSocket server = new ServerSocket(0, 5, java.net.InetAddress.getLoopbackAddress())) {
      Thread reader =
          new Thread(
              () -> {
                try (Socket s = server.accept();
                    DataInputStream in = new DataInputStream(s.getInputStream())) {
                  while (true) {
                    StringBuilder length = new StringBuilder();
                    int c;
                    while ((c = in.read()) != ' ') {
                      if (c < 0) {
                        return;
                      }
                      length.append((char) c);
                    }
                    byte[] frame = new byte[Integer.parseInt(length.toString())];
                    in.readFully(frame);
                    frames.add(new String(frame, StandardCharsets.UTF_8));
                  }
                } catch (Exception e) {
                  // connection closed
                }
              });
      reader.setDaemon(true);
      reader.start();
      writeChain(
          new SyslogTarget("127.0.0.1", server.getLocalPort(), true, "fw-1", Clock.systemUTC()));
      await().atMost(Duration.ofSeconds(20)).until(() -> frames.size() >= 4);
    }
    assertThat(frames)
        .allSatisfy(
            f -> assertThat(f).startsWith("<134>1 ").contains(" fw-1 mcp-firewall - audit - {"))
        .anySatisfy(f -> assertThat(f).contains("\"event\":\"request\""));
  }
}
