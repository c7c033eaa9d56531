package dev.mcpfirewall.alert;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.mcpfirewall.config.AlertsConfig;
import dev.mcpfirewall.metrics.FirewallMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.vertx.core.Handler;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;

/** Delivery to a real Vert.x HTTP server on 127.0.0.1, port 0. */
@ExtendWith(VertxExtension.class)
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class WebhookAlertSinkTest {
  private static final Instant TIME = Instant.parse("2026-01-05T10:00:00Z");

  private final FirewallMetrics metrics =
      new FirewallMetrics(new PrometheusMeterRegistry(PrometheusConfig.DEFAULT));
  private final List<Received> received = new CopyOnWriteArrayList<>();
  private final List<HttpServer> servers = new ArrayList<>();
  private WebhookAlertSink sink;

  private record Received(String path, Map<String, String> headers, JsonObject body) {}

  @AfterEach
  void stop() throws Exception {
    if (sink != null) {
      sink.close().await(5, TimeUnit.SECONDS);
    }
    for (HttpServer server : servers) {
      server.close().await(5, TimeUnit.SECONDS);
    }
  }

  /** A receiver that records each POST and answers it as {@code answer} says. */
  private URI receiver(Vertx vertx, Handler<HttpServerRequest> answer) throws Exception {
    HttpServer server =
        vertx
            .createHttpServer()
            .requestHandler(
                request ->
                    request
                        .body()
                        .onSuccess(
                            body -> {
                              received.add(
                                  new Received(
                                      request.path(),
                                      Map.of(
                                          "content-type",
                                          String.valueOf(request.getHeader("Content-Type")),
                                          "x-token",
                                          String.valueOf(request.getHeader("X-Token"))),
                                      body.toJsonObject()));
                              answer.handle(request);
                            }))
            .listen(0, "127.0.0.1")
            .await(5, TimeUnit.SECONDS);
    servers.add(server);
    return URI.create("http://127.0.0.1:" + server.actualPort() + "/hooks/secret-path");
  }

  private static WebhookAlertSink.Options fast(int queueCapacity, int maxInFlight) {
    return new WebhookAlertSink.Options(
        queueCapacity,
        3,
        Duration.ofMillis(20),
        Duration.ofSeconds(2),
        Duration.ofSeconds(2),
        Duration.ofSeconds(5),
        maxInFlight);
  }

  private static Alert alert(String subject) {
    return new Alert(
        "auth.lockout",
        Alert.Severity.WARNING,
        "Source " + subject + " locked out for 30s after 10 failed authentications",
        Map.of("scope", "source", "subject", subject, "failures", "10", "lockedFor", "PT30S"),
        TIME);
  }

  @Test
  void postsTheAlertAsJsonWithTheConfiguredHeaders(Vertx vertx) throws Exception {
    URI url = receiver(vertx, request -> request.response().setStatusCode(204).end());
    sink =
        new WebhookAlertSink(
            vertx,
            List.of(new AlertsConfig.Webhook(url, Map.of("X-Token", "t0ken"))),
            Optional.of("fw-1"),
            metrics,
            fast(10, 2));

    sink.send(alert("203.0.113.7"));

    await().atMost(Duration.ofSeconds(10)).until(() -> received.size() == 1);
    Received post = received.get(0);
    assertThat(post.path()).isEqualTo("/hooks/secret-path");
    assertThat(post.headers())
        .containsEntry("content-type", "application/json")
        .containsEntry("x-token", "t0ken");
    assertThat(post.body())
        .isEqualTo(
            new JsonObject()
                .put("type", "auth.lockout")
                .put("severity", "WARNING")
                .put(
                    "summary",
                    "Source 203.0.113.7 locked out for 30s after 10 failed authentications")
                .put(
                    "attributes",
                    new JsonObject()
                        .put("failures", "10")
                        .put("lockedFor", "PT30S")
                        .put("scope", "source")
                        .put("subject", "203.0.113.7"))
                .put("time", "2026-01-05T10:00:00Z")
                .put("node", "fw-1"));
    await()
        .atMost(Duration.ofSeconds(5))
        .until(
            () ->
                metrics
                    .scrape()
                    .contains(
                        "mcp_firewall_alert_webhook_deliveries_total{outcome=\"delivered\"} 1.0"));
  }

  @Test
  void retriesAfterServerErrorsUntilDelivered(Vertx vertx) throws Exception {
    AtomicInteger calls = new AtomicInteger();
    URI url =
        receiver(
            vertx,
            request ->
                request
                    .response()
                    .setStatusCode(calls.incrementAndGet() < 3 ? 500 : 200)
                    .end("ok"));
    sink =
        new WebhookAlertSink(
            vertx,
            List.of(new AlertsConfig.Webhook(url, Map.of())),
            Optional.empty(),
            metrics,
            fast(10, 1));

    sink.send(alert("203.0.113.7"));

    await()
        .atMost(Duration.ofSeconds(10))
        .until(
            () ->
                metrics
                    .scrape()
                    .contains(
                        "mcp_firewall_alert_webhook_deliveries_total{outcome=\"delivered\"} 1.0"));
    assertThat(received).hasSize(3);
    assertThat(received).extracting(r -> r.body().getString("type")).containsOnly("auth.lockout");
    assertThat(received.get(0).body().containsKey("node")).isFalse();
    assertThat(metrics.scrape())
        .contains("mcp_firewall_alert_webhook_deliveries_total{outcome=\"retried\"} 2.0");
  }

  @Test
  void givesUpAfterThreeTriesAndDoesNotRetryAClientError(Vertx vertx) throws Exception {
    URI failing = receiver(vertx, request -> request.response().setStatusCode(503).end());
    sink =
        new WebhookAlertSink(
            vertx,
            List.of(new AlertsConfig.Webhook(failing, Map.of())),
            Optional.empty(),
            metrics,
            fast(10, 1));

    sink.send(alert("203.0.113.7"));

    await()
        .atMost(Duration.ofSeconds(10))
        .until(
            () ->
                metrics
                    .scrape()
                    .contains(
                        "mcp_firewall_alert_webhook_deliveries_total{outcome=\"failed\"} 1.0"));
    assertThat(received).hasSize(3);

    received.clear();
    URI rejecting = receiver(vertx, request -> request.response().setStatusCode(400).end());
    WebhookAlertSink other =
        new WebhookAlertSink(
            vertx,
            List.of(new AlertsConfig.Webhook(rejecting, Map.of())),
            Optional.empty(),
            metrics,
            fast(10, 1));
    try {
      other.send(alert("198.51.100.1"));
      await()
          .atMost(Duration.ofSeconds(10))
          .until(
              () ->
                  metrics
                      .scrape()
                      .contains(
                          "mcp_firewall_alert_webhook_deliveries_total{outcome=\"failed\"} 2.0"));
      assertThat(received).hasSize(1);
    } finally {
      other.close().await(5, TimeUnit.SECONDS);
    }
  }

  @Test
  void anUnreachableWebhookIsLoggedNotThrown(Vertx vertx) throws Exception {
    // A port that was just free: nothing listens there.
    int port;
    try (ServerSocket probe = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      port = probe.getLocalPort();
    }
    sink =
        new WebhookAlertSink(
            vertx,
            List.of(
                new AlertsConfig.Webhook(URI.create("http://127.0.0.1:" + port + "/"), Map.of())),
            Optional.empty(),
            metrics,
            fast(10, 1));

    sink.send(alert("203.0.113.7"));

    await()
        .atMost(Duration.ofSeconds(10))
        .until(
            () ->
                metrics
                    .scrape()
                    .contains(
                        "mcp_firewall_alert_webhook_deliveries_total{outcome=\"failed\"} 1.0"));
    assertThat(metrics.scrape())
        .contains("mcp_firewall_alert_webhook_deliveries_total{outcome=\"retried\"} 2.0");
  }

  @Test
  void aSilentReceiverTimesOutAndIsRetried(Vertx vertx) throws Exception {
    URI url = receiver(vertx, request -> {});
    sink =
        new WebhookAlertSink(
            vertx,
            List.of(new AlertsConfig.Webhook(url, Map.of())),
            Optional.empty(),
            metrics,
            new WebhookAlertSink.Options(
                10,
                3,
                Duration.ofMillis(20),
                Duration.ofSeconds(2),
                Duration.ofMillis(200),
                Duration.ofSeconds(5),
                1));

    sink.send(alert("203.0.113.7"));

    await()
        .atMost(Duration.ofSeconds(10))
        .until(
            () ->
                metrics
                    .scrape()
                    .contains(
                        "mcp_firewall_alert_webhook_deliveries_total{outcome=\"failed\"} 1.0"));
    assertThat(received).hasSize(3);
  }

  @Test
  void aFullQueueDropsTheOldestAlertsAndCountsThem(Vertx vertx) throws Exception {
    List<HttpServerRequest> held = new CopyOnWriteArrayList<>();
    URI url = receiver(vertx, held::add);
    sink =
        new WebhookAlertSink(
            vertx,
            List.of(new AlertsConfig.Webhook(url, Map.of())),
            Optional.empty(),
            metrics,
            fast(3, 1));

    // The first alert occupies the only delivery slot: the receiver does not answer yet.
    sink.send(alert("10.0.0.0"));
    await().atMost(Duration.ofSeconds(10)).until(() -> held.size() == 1);
    for (int i = 1; i <= 5; i++) {
      sink.send(alert("10.0.0." + i));
    }

    assertThat(sink.dropped()).isEqualTo(2);
    assertThat(metrics.scrape())
        .contains("mcp_firewall_alert_webhook_deliveries_total{outcome=\"dropped\"} 2.0");

    // Let everything through: the receiver answers each waiting request, then the rest at once.
    vertx.setPeriodic(
        10,
        id -> {
          for (HttpServerRequest request : held) {
            if (!request.response().ended()) {
              request.response().end();
            }
          }
        });
    await().atMost(Duration.ofSeconds(10)).until(() -> received.size() == 4);
    assertThat(received)
        .extracting(r -> r.body().getJsonObject("attributes").getString("subject"))
        .containsExactly("10.0.0.0", "10.0.0.3", "10.0.0.4", "10.0.0.5");
  }

  @Test
  void sendNeverBlocksTheCaller(Vertx vertx) throws Exception {
    URI url = receiver(vertx, request -> {});
    sink =
        new WebhookAlertSink(
            vertx,
            List.of(new AlertsConfig.Webhook(url, Map.of())),
            Optional.empty(),
            metrics,
            fast(100, 1));

    long start = System.nanoTime();
    for (int i = 0; i < 10_000; i++) {
      sink.send(alert("10.0." + (i / 256) + "." + (i % 256)));
    }
    long elapsed = System.nanoTime() - start;

    assertThat(Duration.ofNanos(elapsed)).isLessThan(Duration.ofSeconds(2));
    assertThat(sink.dropped()).isGreaterThanOrEqualTo(10_000 - 100 - 1);
  }

  @Test
  void onlyTheOriginOfAWebhookUrlIsLogged() {
    assertThat(
            WebhookAlertSink.redacted(
                URI.create("https://user:pw@hooks.example.com:8443/services/T0/B0/XXXX?t=1")))
        .isEqualTo("https://hooks.example.com:8443");
  }
}
