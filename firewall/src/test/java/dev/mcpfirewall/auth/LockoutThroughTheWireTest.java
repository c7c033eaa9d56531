package dev.mcpfirewall.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.mcpfirewall.config.AlertsConfig;
import dev.mcpfirewall.config.AuthConfig;
import dev.mcpfirewall.config.FirewallConfig;
import dev.mcpfirewall.config.LimitsConfig;
import dev.mcpfirewall.testpeers.FirewallUnderTest;
import dev.mcpfirewall.testpeers.RawAgent;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.json.JsonObject;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Brute force against the MCP endpoint: past the threshold the source is locked out (429 with
 * Retry-After, even with a valid key), an alert reaches a webhook, and the metrics count it.
 */
@Timeout(60)
class LockoutThroughTheWireTest {

  @Test
  void guessingKeysLocksTheSourceOutAndAlerts() throws Exception {
    Vertx hooks = Vertx.vertx();
    List<JsonObject> alerts = new CopyOnWriteArrayList<>();
    HttpServer webhook =
        hooks
            .createHttpServer()
            .requestHandler(
                r ->
                    r.body()
                        .onSuccess(
                            b -> {
                              alerts.add(b.toJsonObject());
                              r.response().setStatusCode(204).end();
                            }))
            .listen(0, "127.0.0.1")
            .toCompletionStage()
            .toCompletableFuture()
            .get();
    FirewallConfig base =
        FirewallUnderTest.config(
            List.of(FirewallUnderTest.http("notes", URI.create("http://127.0.0.1:9/mcp"))),
            LimitsConfig.defaults());
    FirewallConfig config =
        base.withAuth(
                base.auth()
                    .withLockout(
                        new AuthConfig.Lockout(
                            5,
                            Duration.ofMinutes(5),
                            Duration.ofSeconds(30),
                            Duration.ofMinutes(5))))
            .withAlerts(
                new AlertsConfig(
                    List.of(
                        new AlertsConfig.Webhook(
                            URI.create("http://127.0.0.1:" + webhook.actualPort() + "/alerts"),
                            Map.of("X-Receiver-Token", "t0ken")))));
    try (FirewallUnderTest firewall = FirewallUnderTest.start(config);
        RawAgent agent = new RawAgent(firewall.vertx(), firewall.port())) {
      String ping = "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"ping\"}";
      for (int i = 0; i < 5; i++) {
        assertThat(
                agent
                    .post(
                        "/mcp/notes",
                        ping,
                        Map.of("Authorization", "Bearer mcpfw_guess" + i + "_x"))
                    .status())
            .isEqualTo(401);
      }
      RawAgent.Reply locked =
          agent.post("/mcp/notes", ping, Map.of("Authorization", "Bearer " + firewall.agentKey()));
      assertThat(locked.status()).isEqualTo(429);
      assertThat(locked.error().getJsonObject("data").getString("reason")).isEqualTo("locked_out");
      assertThat(Long.parseLong(locked.header("Retry-After"))).isBetween(1L, 30L);

      await()
          .atMost(Duration.ofSeconds(10))
          .until(() -> alerts.stream().anyMatch(a -> "auth.lockout".equals(a.getString("type"))));
      JsonObject alert =
          alerts.stream().filter(a -> "auth.lockout".equals(a.getString("type"))).findFirst().get();
      assertThat(alert.getJsonObject("attributes").getString("subject")).contains("127.0.0.1");
      assertThat(alert.encode()).doesNotContain(firewall.agentKey());
    } finally {
      hooks.close().toCompletionStage().toCompletableFuture().get();
    }
  }
}
