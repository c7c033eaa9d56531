package dev.mcpfirewall.detect;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mcpfirewall.config.AuthConfig.KeyScopes;
import dev.mcpfirewall.config.LimitsConfig;
import dev.mcpfirewall.config.PluginsConfig;
import dev.mcpfirewall.config.PluginsConfig.DetectorSettings;
import dev.mcpfirewall.config.PluginsConfig.FailMode;
import dev.mcpfirewall.detect.fixtures.CrashingDetector;
import dev.mcpfirewall.detect.fixtures.HangingDetector;
import dev.mcpfirewall.detect.fixtures.TokenDetector;
import dev.mcpfirewall.plugins.testkit.PluginArchive;
import dev.mcpfirewall.testpeers.FirewallUnderTest;
import dev.mcpfirewall.testpeers.RawAgent;
import io.vertx.core.MultiMap;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonObject;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.Timeout;

/**
 * Detectors that throw or hang are contained: their fail mode decides, other traffic and other
 * detectors carry on, and a repeatedly failing detector's circuit opens with an alert.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
@Timeout(120)
class MisbehavingDetectorsTest {
  private ScriptedUpstream upstream;
  private FirewallUnderTest firewall;
  private RawAgent agent;
  private RawAgent admin;
  private String session;

  @BeforeAll
  void start() throws Exception {
    upstream = ScriptedUpstream.start();
    Path plugins = Files.createTempDirectory("detect-misbehaving-plugins");
    PluginArchive.builder("tokens", "1.0.0")
        .extension(TokenDetector.class)
        .writeZip(plugins.resolve("tokens.zip"));
    PluginArchive.builder("crashing", "1.0.0")
        .extension(CrashingDetector.class)
        .writeZip(plugins.resolve("crashing.zip"));
    PluginArchive.builder("hanging", "1.0.0")
        .extension(HangingDetector.class)
        .writeZip(plugins.resolve("hanging.zip"));
    PluginsConfig config =
        PluginsConfig.defaults()
            .withDirectory(plugins)
            .withBreaker(new PluginsConfig.Breaker(3, Duration.ofMinutes(10)))
            .withDetectors(
                Map.of(
                    "crashing",
                    DetectorSettings.defaults().withFailMode(FailMode.CLOSED),
                    "hanging",
                    DetectorSettings.defaults()
                        .withFailMode(FailMode.OPEN)
                        .withDeadline(Duration.ofMillis(100))));
    firewall =
        FirewallUnderTest.start(
            FirewallUnderTest.config(
                    List.of(FirewallUnderTest.http("scripted", upstream.endpoint())),
                    LimitsConfig.defaults())
                .withPlugins(config));
    agent = new RawAgent(firewall.vertx(), firewall.port(), firewall.agentKey());
    String adminKey =
        firewall.createKey("detect-admin", List.of("admin"), KeyScopes.unrestricted());
    admin = new RawAgent(firewall.vertx(), firewall.node().adminPort(), adminKey);
    session = agent.initialize("/mcp/scripted");
  }

  @AfterAll
  void stop() throws Exception {
    agent.close();
    admin.close();
    firewall.close();
    upstream.close();
  }

  private RawAgent.Reply call(int id, String tool, String text) throws Exception {
    JsonObject request =
        new JsonObject()
            .put("jsonrpc", "2.0")
            .put("id", id)
            .put("method", "tools/call")
            .put(
                "params",
                new JsonObject()
                    .put("name", tool)
                    .put("arguments", new JsonObject().put("text", text)));
    return agent.post("/mcp/scripted", request.encode(), Map.of("Mcp-Session-Id", session));
  }

  @Test
  @Order(1)
  void aCrashingDetectorThatFailsClosedBlocksWithAReasonThatNamesIt() throws Exception {
    RawAgent.Reply reply = call(1, "echo", "hello");
    assertThat(reply.status()).isEqualTo(200);
    JsonObject data = reply.error().getJsonObject("data");
    assertThat(data.getString("reason")).isEqualTo("content_blocked");
    assertThat(data.getString("detector")).isEqualTo("crashing");
    assertThat(data.getString("category")).isEqualTo("firewall.detector-failure");
    assertThat(reply.error().getString("message")).contains("could not inspect");
    assertThat(reply.body().toString()).doesNotContain("boom");
  }

  @Test
  @Order(2)
  void aHangingDetectorThatFailsOpenStallsNothing() throws Exception {
    RawAgent.Reply open =
        admin.send(
            HttpMethod.PATCH,
            "/admin/api/detectors/crashing",
            json(),
            Buffer.buffer("{\"failMode\":\"open\"}"));
    assertThat(open.status()).isEqualTo(200);

    // Many calls at once, each with the hanging detector in its chain: all are answered, and the
    // well-behaved detector keeps working beside it.
    List<CompletableFuture<RawAgent.Reply>> calls = new ArrayList<>();
    for (int i = 0; i < 12; i++) {
      int id = 100 + i;
      calls.add(
          CompletableFuture.supplyAsync(
              () -> {
                try {
                  return call(id, id % 2 == 0 ? "echo" : "leak_json", "message " + id);
                } catch (Exception e) {
                  throw new IllegalStateException(e);
                }
              }));
    }
    for (int i = 0; i < calls.size(); i++) {
      RawAgent.Reply reply = calls.get(i).get(60, TimeUnit.SECONDS);
      int id = 100 + i;
      assertThat(reply.status()).isEqualTo(200);
      JsonObject result = reply.json().getJsonObject("result");
      assertThat(result).as("answer to call %d: %s", id, reply.body()).isNotNull();
      String text = result.getJsonArray("content").getJsonObject(0).getString("text");
      if (id % 2 == 0) {
        assertThat(text).isEqualTo("message " + id);
      } else {
        assertThat(text).contains("[REDACTED:test-token]").doesNotContain(ScriptedUpstream.TOKEN);
      }
    }
  }

  @Test
  @Order(3)
  void repeatedFailuresOpenTheCircuitAndRaiseAnAlert() throws Exception {
    RawAgent.Reply hanging =
        admin.send(HttpMethod.GET, "/admin/api/detectors/hanging", json(), null);
    assertThat(hanging.json().getString("circuit")).isEqualTo("open");
    RawAgent.Reply crashing =
        admin.send(HttpMethod.GET, "/admin/api/detectors/crashing", json(), null);
    assertThat(crashing.json().getString("circuit")).isEqualTo("open");

    String metrics = admin.send(HttpMethod.GET, "/admin/metrics", json(), null).body().toString();
    assertThat(metrics).contains("type=\"detector.circuit-open\"");
    assertThat(metrics)
        .contains("mcp_firewall_detector_calls_total{detector=\"hanging\",outcome=\"timeout\"");
    assertThat(metrics).contains("outcome=\"circuit_open\"");

    // With the failing detectors out, traffic is answered at once by the others.
    RawAgent.Reply reply = call(200, "leak_json", "");
    assertThat(reply.body().toString()).doesNotContain(ScriptedUpstream.TOKEN);
  }

  private static MultiMap json() {
    return MultiMap.caseInsensitiveMultiMap().set("Content-Type", "application/json");
  }
}
