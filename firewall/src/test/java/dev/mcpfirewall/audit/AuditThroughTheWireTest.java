package dev.mcpfirewall.audit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.mcpfirewall.audit.store.NodeKey;
import dev.mcpfirewall.audit.verify.ChainVerifier;
import dev.mcpfirewall.audit.verify.VerifyReport;
import dev.mcpfirewall.config.AuditConfig;
import dev.mcpfirewall.config.AuthConfig;
import dev.mcpfirewall.config.FirewallConfig;
import dev.mcpfirewall.config.LimitsConfig;
import dev.mcpfirewall.testpeers.FirewallUnderTest;
import dev.mcpfirewall.testpeers.RawAgent;
import io.vertx.core.MultiMap;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The audit trail through the wire: a real firewall node in front of a counting upstream, agents
 * over HTTP, the admin API, and a syslog receiver on 127.0.0.1.
 */
class AuditThroughTheWireTest {
  static final String AWS_KEY = "AKIAIOSFODNN7EXAMPLE";
  static final String CARD = "4111 1111 1111 1111";
  static final String PEM_BODY = "MIIEowIBAAKCAQEAuniqueSECRETbody0123456789abcdefABCDEF";
  static final String PASSWORD = "hunter2-correct-horse";

  static Vertx vertx;
  static CountingUpstream upstream;
  static FirewallUnderTest firewall;
  static DatagramSocket syslog;
  static final List<String> syslogMessages = new CopyOnWriteArrayList<>();
  static String adminKey;
  static RawAgent agent;
  static RawAgent admin;
  static String session;

  @BeforeAll
  static void start() throws Exception {
    vertx = Vertx.vertx();
    upstream = CountingUpstream.start(vertx).toCompletionStage().toCompletableFuture().get();
    syslog = new DatagramSocket(0, InetAddress.getLoopbackAddress());
    Thread receiver =
        new Thread(
            () -> {
              byte[] buffer = new byte[65536];
              while (!syslog.isClosed()) {
                DatagramPacket packet = new DatagramPacket(buffer, buffer.length);
                try {
                  syslog.receive(packet);
                  syslogMessages.add(
                      new String(packet.getData(), 0, packet.getLength(), StandardCharsets.UTF_8));
                } catch (java.io.IOException e) {
                  return;
                }
              }
            });
    receiver.setDaemon(true);
    receiver.start();
    FirewallConfig config =
        FirewallUnderTest.config(
            List.of(FirewallUnderTest.http("counting", upstream.uri())), LimitsConfig.defaults());
    config =
        config.withAudit(
            config
                .audit()
                .withSiem(
                    new AuditConfig.Siem(
                        Optional.empty(),
                        Optional.of(
                            new AuditConfig.Syslog("127.0.0.1", syslog.getLocalPort(), false)),
                        1000)));
    firewall = FirewallUnderTest.start(config);
    adminKey =
        firewall.createKey("auditor-admin", List.of("admin"), AuthConfig.KeyScopes.unrestricted());
    agent = new RawAgent(firewall.vertx(), firewall.port(), firewall.agentKey());
    admin = new RawAgent(firewall.vertx(), firewall.node().adminPort(), adminKey);
    session = agent.initialize("/mcp/counting");
    agent.post(
        "/mcp/counting",
        "{\"jsonrpc\":\"2.0\",\"method\":\"notifications/initialized\"}",
        Map.of("Mcp-Session-Id", session, "MCP-Protocol-Version", "2025-06-18"));
  }

  @AfterAll
  static void stop() throws Exception {
    agent.close();
    admin.close();
    firewall.close();
    syslog.close();
    upstream.stop().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
  }

  private static RawAgent.Reply call(String n, JsonObject extra) throws Exception {
    JsonObject arguments = new JsonObject().put("n", n).mergeIn(extra);
    return agent.post(
        "/mcp/counting",
        new JsonObject()
            .put("jsonrpc", "2.0")
            .put("id", n)
            .put("method", "tools/call")
            .put("params", new JsonObject().put("name", "note").put("arguments", arguments))
            .encode(),
        Map.of("Mcp-Session-Id", session, "MCP-Protocol-Version", "2025-06-18"));
  }

  private static Path auditDir() {
    return firewall.node().audit().dir();
  }

  private static void flush() throws Exception {
    firewall
        .node()
        .audit()
        .checkpoint()
        .toCompletionStage()
        .toCompletableFuture()
        .get(10, TimeUnit.SECONDS);
  }

  private static List<JsonObject> records(String query) throws Exception {
    RawAgent.Reply reply =
        admin.send(
            HttpMethod.GET,
            "/admin/api/audit/records?" + query,
            MultiMap.caseInsensitiveMultiMap(),
            null);
    assertThat(reply.status()).as(reply.body().toString()).isEqualTo(200);
    List<JsonObject> out = new ArrayList<>();
    reply.json().getJsonArray("records").forEach(r -> out.add((JsonObject) r));
    return out;
  }

  @Test
  void secretsAndCardNumbersNeverReachTheDisk() throws Exception {
    String text =
        "deploy with "
            + AWS_KEY
            + ", bill "
            + CARD
            + " and this key:\n-----BEGIN RSA PRIVATE KEY-----\n"
            + PEM_BODY
            + "\n-----END RSA PRIVATE KEY-----\n";
    RawAgent.Reply reply =
        call("secret-1", new JsonObject().put("text", text).put("password", PASSWORD));
    assertThat(reply.status()).isEqualTo(200);
    assertThat(reply.body().toString()).contains("noted"); // the upstream answered: both directions
    assertThat(upstream.calls()).contains("secret-1");
    flush();

    List<String> forbidden =
        List.of(AWS_KEY, CARD, CARD.replace(" ", ""), PEM_BODY, PASSWORD, "hunter2");
    List<Path> files;
    try (Stream<Path> walk = Files.walk(auditDir())) {
      files = walk.filter(Files::isRegularFile).toList();
    }
    assertThat(files).hasSizeGreaterThanOrEqualTo(3);
    for (Path file : files) {
      String content = new String(Files.readAllBytes(file), StandardCharsets.ISO_8859_1);
      for (String secret : forbidden) {
        assertThat(content).as(file + " must not hold " + secret).doesNotContain(secret);
      }
    }
    List<JsonObject> request = records("tool=note&event=agent.request");
    JsonObject recorded =
        request.stream().filter(r -> r.encode().contains("secret-1")).findFirst().orElseThrow();
    // With the bundled detectors on, the pii detector's card finding drives the redaction of the
    // whole string it points at (which also holds the key and the PEM block); the sensitive-name
    // rule covers the password field.
    assertThat(recorded.getJsonObject("redactions").getJsonArray("rules"))
        .contains("payment-card", "sensitive-name");
    assertThat(recorded.getJsonArray("findings").encode())
        .contains("pii.payment-card")
        .doesNotContain(CARD.replace(" ", ""));
    assertThat(recorded.getJsonObject("commitment").getString("digest")).hasSize(64);
    JsonObject response =
        records("event=upstream.response").stream()
            .filter(r -> r.getLong("requestSeq", 0L) == recorded.getLong("seq"))
            .findFirst()
            .orElseThrow();
    assertThat(response.getString("outcome")).isEqualTo("delivered");
    // Which rule redacted what depends on which detector saw the string first; that the values
    // never reach the disk is checked above, file by file.
    assertThat(response.getJsonObject("redactions").getJsonArray("rules")).contains("payment-card");
  }

  @Test
  void requestRecordsCarryTheDecisionChainAndPrincipal() throws Exception {
    call("plain-1", new JsonObject().put("text", "nothing to hide"));
    flush();
    JsonObject record =
        records("tool=note&event=agent.request").stream()
            .filter(r -> r.encode().contains("plain-1"))
            .findFirst()
            .orElseThrow();
    assertThat(record.getString("principal")).isEqualTo("key-owner:test-agent");
    assertThat(record.getString("keyId")).isNotBlank();
    assertThat(record.getString("session")).isEqualTo(session);
    assertThat(record.getString("upstream")).isEqualTo("counting");
    assertThat(record.getString("verdict")).isEqualTo("allow");
    assertThat(
            record.getJsonArray("decisions").stream().map(d -> ((JsonObject) d).getString("stage")))
        .contains("authentication", "authorization");
    assertThat(record.getJsonObject("payload").getJsonObject("params").getString("name"))
        .isEqualTo("note");
  }

  @Test
  void refusedRequestsAreRecorded() throws Exception {
    try (RawAgent stranger =
        new RawAgent(firewall.vertx(), firewall.port(), "mcpfw_nobody_" + "x".repeat(43))) {
      RawAgent.Reply reply =
          stranger.post(
              "/mcp/counting", "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"ping\"}", Map.of());
      assertThat(reply.status()).isEqualTo(401);
    }
    flush();
    assertThat(records("event=refusal"))
        .anySatisfy(r -> assertThat(r.getString("reason")).isEqualTo("unauthenticated"));
  }

  @Test
  void adminActionsAreRecordedInTheSameChain() throws Exception {
    MultiMap json = MultiMap.caseInsensitiveMultiMap().add("Content-Type", "application/json");
    RawAgent.Reply created =
        admin.send(
            HttpMethod.POST,
            "/admin/api/keys",
            json,
            io.vertx.core.buffer.Buffer.buffer("{\"owner\":\"ci\",\"roles\":[\"reader\"]}"));
    assertThat(created.status()).isEqualTo(201);
    String id = created.json().getJsonObject("metadata").getString("id");
    String secretKey = created.json().getString("key");
    RawAgent.Reply revoked =
        admin.send(
            HttpMethod.DELETE, "/admin/api/keys/" + id, MultiMap.caseInsensitiveMultiMap(), null);
    assertThat(revoked.status()).isEqualTo(200);
    try (RawAgent intruder =
        new RawAgent(
            firewall.vertx(), firewall.node().adminPort(), "mcpfw_intruder_" + "y".repeat(43))) {
      assertThat(
              intruder
                  .send(HttpMethod.GET, "/admin/api/keys", MultiMap.caseInsensitiveMultiMap(), null)
                  .status())
          .isEqualTo(401);
    }
    flush();
    List<JsonObject> actions = records("event=admin&limit=1000");
    assertThat(actions)
        .anySatisfy(
            r -> {
              assertThat(r.getString("action")).isEqualTo("key.create");
              assertThat(r.getString("actor")).isEqualTo("key-owner:auditor-admin");
              assertThat(r.getJsonObject("details").getString("keyId")).isEqualTo(id);
            })
        .anySatisfy(
            r -> {
              assertThat(r.getString("action")).isEqualTo("key.revoke");
              assertThat(r.getJsonObject("details").getString("keyId")).isEqualTo(id);
            })
        .anySatisfy(r -> assertThat(r.getString("action")).isEqualTo("admin.auth-failure"));
    // The key shown once is not in the trail.
    try (Stream<Path> walk = Files.walk(auditDir())) {
      for (Path f : walk.filter(Files::isRegularFile).toList()) {
        assertThat(Files.readString(f, StandardCharsets.ISO_8859_1)).doesNotContain(secretKey);
      }
    }
  }

  @Test
  void searchPagesWithACursorAndExportStreamsJsonLines() throws Exception {
    for (int i = 0; i < 5; i++) {
      call("page-" + i, new JsonObject());
    }
    flush();
    List<String> seen = new ArrayList<>();
    String cursor = null;
    do {
      RawAgent.Reply reply =
          admin.send(
              HttpMethod.GET,
              "/admin/api/audit/records?tool=note&limit=2"
                  + (cursor == null ? "" : "&cursor=" + cursor),
              MultiMap.caseInsensitiveMultiMap(),
              null);
      assertThat(reply.status()).isEqualTo(200);
      JsonArray page = reply.json().getJsonArray("records");
      assertThat(page.size()).isLessThanOrEqualTo(2);
      page.forEach(r -> seen.add(((JsonObject) r).getString("hash")));
      cursor = reply.json().getString("cursor");
    } while (cursor != null);
    assertThat(seen)
        .doesNotHaveDuplicates()
        .hasSizeGreaterThanOrEqualTo(10); // 5 requests + 5 responses

    RawAgent.Reply export =
        admin.send(
            HttpMethod.GET,
            "/admin/api/audit/export?tool=note",
            MultiMap.caseInsensitiveMultiMap(),
            null);
    assertThat(export.status()).isEqualTo(200);
    assertThat(export.header("Content-Type")).startsWith("application/x-ndjson");
    String[] lines = export.body().toString().split("\n");
    assertThat(lines.length).isGreaterThanOrEqualTo(seen.size());
    for (String line : lines) {
      assertThat(new JsonObject(line).getString("tool")).isEqualTo("note");
    }
    assertThat(records("from=2000-01-01T00:00:00Z&to=2000-01-02T00:00:00Z")).isEmpty();
    assertThat(
            admin
                .send(
                    HttpMethod.GET,
                    "/admin/api/audit/records?from=yesterday",
                    MultiMap.caseInsensitiveMultiMap(),
                    null)
                .status())
        .isEqualTo(400);
  }

  @Test
  void theTrailVerifiesWithTheKeyTheAdminApiExports() throws Exception {
    call("verify-1", new JsonObject());
    flush();
    RawAgent.Reply pem =
        admin.send(
            HttpMethod.GET, "/admin/api/audit/pubkey", MultiMap.caseInsensitiveMultiMap(), null);
    assertThat(pem.status()).isEqualTo(200);
    VerifyReport report =
        ChainVerifier.verify(
            auditDir(),
            ChainVerifier.Options.trusting(NodeKey.readPublic(pem.body().toString(), "pubkey")));
    assertThat(report.breaches()).isEmpty();
    assertThat(report.keyTrusted()).isTrue();
    assertThat(report.unanchoredRecords()).isZero();
    RawAgent.Reply anchor =
        admin.send(
            HttpMethod.GET,
            "/admin/api/audit/checkpoint",
            MultiMap.caseInsensitiveMultiMap(),
            null);
    assertThat(anchor.status()).isEqualTo(200);
    assertThat(anchor.json().getLong("lastSeq")).isEqualTo(report.lastSeq());
  }

  @Test
  void theSiemReceivesEveryDurableRecordOverSyslog() throws Exception {
    call("siem-1", new JsonObject());
    await()
        .atMost(Duration.ofSeconds(20))
        .untilAsserted(
            () ->
                assertThat(syslogMessages)
                    .anySatisfy(
                        m -> {
                          assertThat(m).startsWith("<134>1 ");
                          assertThat(m).contains("siem-1").contains("\"event\":\"agent.request\"");
                        }));
  }
}
