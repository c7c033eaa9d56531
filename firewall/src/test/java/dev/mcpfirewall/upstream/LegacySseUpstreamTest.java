package dev.mcpfirewall.upstream;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mcpfirewall.config.UpstreamConfig;
import dev.mcpfirewall.jsonrpc.JsonRpcCodec;
import dev.mcpfirewall.jsonrpc.JsonRpcMessage;
import dev.mcpfirewall.pipeline.FailureKind;
import dev.mcpfirewall.pipeline.FirewallFailure;
import dev.mcpfirewall.testpeers.EverythingServer;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientRequest;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.Timeout;
import io.vertx.junit5.VertxExtension;
import io.vertx.junit5.VertxTestContext;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * The legacy HTTP+SSE transport against the reference server {@code server-everything} run in its
 * {@code sse} mode, plus a small Vert.x server playing a misbehaving upstream.
 */
@ExtendWith(VertxExtension.class)
@Timeout(value = 60, timeUnit = TimeUnit.SECONDS)
class LegacySseUpstreamTest {
  private static final String CREDENTIAL_HEADER = "X-Firewall-Credential";

  @TempDir static Path scratch;
  private static EverythingServer everything;

  private final JsonRpcCodec codec = new JsonRpcCodec(64);
  private HttpClient client;
  private final List<UpstreamTransport> transports = new ArrayList<>();

  @BeforeAll
  static void startEverything() throws Exception {
    everything = EverythingServer.sse();
  }

  @AfterAll
  static void stopEverything() throws InterruptedException {
    if (everything != null) {
      everything.close();
    }
  }

  @BeforeEach
  void createClient(Vertx vertx) {
    client = vertx.createHttpClient();
  }

  @AfterEach
  void shutdown(Vertx vertx) throws Exception {
    for (UpstreamTransport transport : transports) {
      transport.shutdown().await(5, TimeUnit.SECONDS);
    }
    client.close().await(5, TimeUnit.SECONDS);
  }

  // ---- against server-everything ----

  @Test
  void initializesAndListsTools(Vertx vertx, VertxTestContext test) {
    UpstreamTransport upstream = transport(vertx, "everything", everything.endpoint());
    upstream
        .connect()
        .compose(
            connection ->
                connection
                    .send(initializeRequest(new JsonObject()))
                    .compose(
                        reply -> {
                          test.verify(
                              () ->
                                  assertThat(reply)
                                      .isInstanceOfSatisfying(
                                          UpstreamReply.Streamed.class,
                                          streamed -> assertThat(streamed.collapsible()).isTrue()));
                          return responseOf(reply);
                        })
                    .compose(
                        initialized -> {
                          test.verify(
                              () -> {
                                JsonObject result = initialized.json().getJsonObject("result");
                                assertThat(result.getString("protocolVersion"))
                                    .isEqualTo("2024-11-05");
                                assertThat(result.getJsonObject("serverInfo").getString("name"))
                                    .isEqualTo("mcp-servers/everything");
                              });
                          return connection.send(notification("notifications/initialized"));
                        })
                    .compose(
                        reply -> {
                          test.verify(
                              () -> assertThat(reply).isInstanceOf(UpstreamReply.Accepted.class));
                          return connection.send(request(2, "tools/list", new JsonObject()));
                        })
                    .compose(LegacySseUpstreamTest::responseOf))
        .onComplete(
            test.succeeding(
                tools ->
                    test.verify(
                        () -> {
                          List<String> names =
                              tools.json().getJsonObject("result").getJsonArray("tools").stream()
                                  .map(tool -> ((JsonObject) tool).getString("name"))
                                  .toList();
                          assertThat(names).contains("echo", "trigger-long-running-operation");
                          test.completeNow();
                        })));
  }

  @Test
  void callsTheEchoTool(Vertx vertx, VertxTestContext test) {
    UpstreamTransport upstream = transport(vertx, "everything", everything.endpoint());
    upstream
        .connect()
        .compose(connection -> initialized(connection, new JsonObject()))
        .compose(
            connection ->
                connection.send(
                    request(
                        "call-1",
                        "tools/call",
                        new JsonObject()
                            .put("name", "echo")
                            .put("arguments", new JsonObject().put("message", "hello firewall")))))
        .compose(LegacySseUpstreamTest::responseOf)
        .onComplete(
            test.succeeding(
                response ->
                    test.verify(
                        () -> {
                          assertThat(response.id()).isEqualTo("call-1");
                          assertThat(
                                  response
                                      .json()
                                      .getJsonObject("result")
                                      .getJsonArray("content")
                                      .getJsonObject(0)
                                      .getString("text"))
                              .isEqualTo("Echo: hello firewall");
                          test.completeNow();
                        })));
  }

  @Test
  void progressArrivesOnTheRequestsStreamBeforeItsResponse(Vertx vertx, VertxTestContext test) {
    UpstreamTransport upstream = transport(vertx, "everything", everything.endpoint());
    upstream
        .connect()
        .compose(connection -> initialized(connection, new JsonObject()))
        .compose(connection -> connection.send(longRunningOperation(7, 1, 3)))
        .compose(reply -> collect(((UpstreamReply.Streamed) reply).stream()))
        .onComplete(
            test.succeeding(
                events ->
                    test.verify(
                        () -> {
                          List<JsonRpcMessage> messages =
                              events.stream().map(UpstreamEvent::message).toList();
                          List<JsonRpcMessage> progress =
                              messages.stream()
                                  .filter(m -> "notifications/progress".equals(m.method()))
                                  .toList();
                          assertThat(progress).hasSize(3);
                          assertThat(progress)
                              .allSatisfy(
                                  p ->
                                      assertThat(p.params().getValue("progressToken"))
                                          .isEqualTo("progress-7"));
                          assertThat(progress.stream().map(p -> p.params().getInteger("progress")))
                              .containsExactly(1, 2, 3);
                          JsonRpcMessage last = messages.get(messages.size() - 1);
                          assertThat(last.isResponse()).isTrue();
                          assertThat(last.id()).isEqualTo(7);
                          test.completeNow();
                        })));
  }

  @Test
  void serverMessagesOutsideAnyRequestReachTheListenStream(Vertx vertx, VertxTestContext test) {
    // With the roots capability declared, server-everything asks for roots/list shortly after
    // notifications/initialized, outside any request, then logs how many roots it received.
    UpstreamTransport upstream = transport(vertx, "everything", everything.endpoint());
    upstream
        .connect()
        .compose(
            connection -> initialized(connection, new JsonObject().put("roots", new JsonObject())))
        .compose(
            connection ->
                connection
                    .listen("ignored: legacy SSE cannot resume")
                    .onSuccess(
                        stream ->
                            stream
                                .exceptionHandler(test::failNow)
                                .handler(event -> onServerMessage(connection, event, test))))
        .onFailure(test::failNow);
  }

  private static void onServerMessage(
      UpstreamConnection connection, UpstreamEvent event, VertxTestContext test) {
    JsonRpcMessage message = event.message();
    if ("roots/list".equals(message.method())) {
      JsonObject root = new JsonObject().put("uri", "file:///srv/a").put("name", "a");
      connection
          .send(
              JsonRpcMessage.result(
                  message.id(), new JsonObject().put("roots", new JsonArray().add(root))))
          .onComplete(
              test.succeeding(
                  reply ->
                      test.verify(
                          () -> assertThat(reply).isInstanceOf(UpstreamReply.Accepted.class))));
    } else if ("notifications/message".equals(message.method())
        && String.valueOf(message.params().getValue("data")).contains("Roots updated: 1 root(s)")) {
      test.completeNow();
    }
  }

  @Test
  void upstreamKilledMidCallFailsThePendingCall(Vertx vertx, VertxTestContext test)
      throws Exception {
    EverythingServer doomed = EverythingServer.sse();
    try {
      UpstreamTransport upstream = transport(vertx, "doomed", doomed.endpoint());
      upstream
          .connect()
          .compose(connection -> initialized(connection, new JsonObject()))
          .compose(
              connection ->
                  connection
                      .send(longRunningOperation(9, 30, 30))
                      .compose(
                          reply -> {
                            // Kill the upstream once the call is under way (its first progress).
                            MessageStream stream = ((UpstreamReply.Streamed) reply).stream();
                            Promise<Throwable> failed = Promise.promise();
                            stream
                                .handler(event -> doomed.kill())
                                .endHandler(v -> failed.tryFail("the call ended without a failure"))
                                .exceptionHandler(failed::tryComplete);
                            return failed.future();
                          })
                      .compose(
                          failure -> {
                            test.verify(
                                () -> {
                                  assertUnavailable(failure, "doomed");
                                  assertThat(failure.getMessage())
                                      .contains("closed its event stream");
                                });
                            return connection.send(request(10, "tools/list", new JsonObject()));
                          }))
          .onComplete(
              test.failing(
                  later ->
                      test.verify(
                          () -> {
                            // Later sends fail at once: the agent initializes a new session.
                            assertUnavailable(later, "doomed");
                            assertThat(later.getMessage()).contains("closed its event stream");
                            test.completeNow();
                          })));
      assertThat(test.awaitCompletion(30, TimeUnit.SECONDS)).isTrue();
    } finally {
      doomed.close();
    }
  }

  @Test
  void worksOverAPooledClientToo(Vertx vertx, VertxTestContext test) {
    // A client that is no HttpClientAgent cannot open dedicated connections: streams use the pool.
    HttpClient agent = client;
    client =
        new HttpClient() {
          @Override
          public Future<HttpClientRequest> request(RequestOptions options) {
            return agent.request(options);
          }

          @Override
          public Future<Void> shutdown(long timeout, TimeUnit unit) {
            return agent.shutdown(timeout, unit);
          }
        };
    transport(vertx, "pooled", everything.endpoint())
        .connect()
        .compose(connection -> initialized(connection, new JsonObject()))
        .compose(connection -> connection.send(request(2, "ping", null)))
        .compose(LegacySseUpstreamTest::responseOf)
        .onComplete(
            test.succeeding(
                pong ->
                    test.verify(
                        () -> {
                          assertThat(pong.id()).isEqualTo(2);
                          assertThat(pong.json().getJsonObject("result")).isEmpty();
                          test.completeNow();
                        })));
  }

  // ---- against misbehaving upstreams ----

  @Test
  void refusesAnEndpointOnAnotherOrigin(Vertx vertx, VertxTestContext test) {
    fakeUpstream(vertx)
        .compose(
            fake -> {
              String base = "http://127.0.0.1:" + fake.port();
              Future<UpstreamConnection> otherHost =
                  transport(vertx, "foreign-host", URI.create(base + "/foreign-host")).connect();
              Future<UpstreamConnection> otherPort =
                  transport(vertx, "foreign-port", URI.create(base + "/foreign-port")).connect();
              Future<UpstreamConnection> otherScheme =
                  transport(vertx, "foreign-scheme", URI.create(base + "/foreign-scheme"))
                      .connect();
              return Future.join(otherHost, otherPort, otherScheme)
                  .otherwiseEmpty()
                  .map(
                      v -> {
                        test.verify(
                            () -> {
                              assertRefused(otherHost, "foreign-host", "evil.example.com");
                              assertRefused(
                                  otherPort, "foreign-port", "127.0.0.1:" + (fake.port() + 1));
                              assertRefused(otherScheme, "foreign-scheme", "https://127.0.0.1");
                              assertThat(fake.credentials)
                                  .hasSize(3)
                                  .containsOnly("firewall-secret");
                            });
                        return fake;
                      });
            })
        .onComplete(test.succeedingThenComplete());
  }

  @Test
  void resolvesARelativeEndpointAndReportsRejectedPosts(Vertx vertx, VertxTestContext test) {
    fakeUpstream(vertx)
        .compose(
            fake ->
                transport(
                        vertx,
                        "picky",
                        URI.create("http://127.0.0.1:" + fake.port() + "/sse/picky"))
                    .connect())
        .compose(
            connection -> {
              Future<UpstreamReply> request = connection.send(request(1, "ping", null));
              Future<UpstreamReply> notification =
                  connection.send(notification("notifications/initialized"));
              return Future.join(request, notification)
                  .otherwiseEmpty()
                  .map(
                      v -> {
                        test.verify(
                            () -> {
                              assertFailure(request, FailureKind.UPSTREAM_UNAVAILABLE)
                                  .contains("'picky'")
                                  .contains("HTTP 503");
                              assertFailure(notification, FailureKind.UPSTREAM_PROTOCOL_ERROR)
                                  .contains("'picky'")
                                  .contains("HTTP 400");
                            });
                        return v;
                      });
            })
        .onComplete(test.succeedingThenComplete());
  }

  @Test
  void anUpstreamNamingNoEndpointTimesOut(Vertx vertx, VertxTestContext test) {
    fakeUpstream(vertx)
        .compose(
            fake ->
                new LegacySseUpstream(
                        vertx,
                        client,
                        config(
                            "silent",
                            URI.create("http://127.0.0.1:" + fake.port() + "/silent"),
                            Duration.ofMillis(300)),
                        codec,
                        1 << 16)
                    .connect())
        .onComplete(
            test.failing(
                e ->
                    test.verify(
                        () -> {
                          assertThat(e).isInstanceOf(FirewallFailure.class);
                          assertThat(((FirewallFailure) e).kind())
                              .isEqualTo(FailureKind.UPSTREAM_TIMEOUT);
                          assertThat(e.getMessage())
                              .contains("'silent'")
                              .contains("/silent")
                              .contains("300 ms");
                          test.completeNow();
                        })));
  }

  @Test
  void closeAndShutdownEndTheEventStreams(Vertx vertx, VertxTestContext test) {
    fakeUpstream(vertx)
        .compose(
            fake -> {
              UpstreamTransport upstream =
                  transport(
                      vertx, "quiet", URI.create("http://127.0.0.1:" + fake.port() + "/sse/ok"));
              return Future.all(upstream.connect(), upstream.connect(), upstream.connect())
                  .compose(
                      all -> {
                        UpstreamConnection first = all.resultAt(0);
                        return first
                            .send(request(1, "ping", null))
                            .compose(
                                reply -> {
                                  Promise<Throwable> failed = Promise.promise();
                                  ((UpstreamReply.Streamed) reply)
                                      .stream()
                                          .handler(event -> {})
                                          .exceptionHandler(failed::tryComplete);
                                  return first.close().compose(v -> failed.future());
                                })
                            .compose(
                                failure -> {
                                  test.verify(
                                      () -> {
                                        assertUnavailable(failure, "quiet");
                                        assertThat(failure.getMessage()).contains("closed");
                                        assertThat(first.send(notification("x")).failed()).isTrue();
                                      });
                                  return eventually(vertx, () -> fake.closedStreams.get() == 1);
                                })
                            .compose(v -> upstream.shutdown())
                            .compose(v -> eventually(vertx, () -> fake.closedStreams.get() == 3));
                      });
            })
        .onComplete(test.succeedingThenComplete());
  }

  @Test
  void anInvalidMessageEndsTheSession(Vertx vertx, VertxTestContext test) {
    fakeUpstream(vertx)
        .compose(
            fake ->
                transport(
                        vertx,
                        "garbled",
                        URI.create("http://127.0.0.1:" + fake.port() + "/sse/garbled"))
                    .connect())
        .compose(
            connection ->
                connection
                    .send(request(1, "ping", null))
                    .compose(reply -> collect(((UpstreamReply.Streamed) reply).stream())))
        .onComplete(
            test.failing(
                e ->
                    test.verify(
                        () -> {
                          assertThat(e).isInstanceOf(FirewallFailure.class);
                          assertThat(((FirewallFailure) e).kind())
                              .isEqualTo(FailureKind.UPSTREAM_PROTOCOL_ERROR);
                          assertThat(e.getMessage())
                              .contains("'garbled'")
                              .contains("sent an invalid event")
                              .contains("malformed JSON");
                          test.completeNow();
                        })));
  }

  @Test
  void connectionRefusedNamesTheUpstreamAndUrl(Vertx vertx, VertxTestContext test)
      throws IOException {
    URI url = URI.create("http://127.0.0.1:" + freePort() + "/sse");
    transport(vertx, "nowhere", url)
        .connect()
        .onComplete(
            test.failing(
                e ->
                    test.verify(
                        () -> {
                          assertUnavailable(e, "nowhere");
                          assertThat(e.getMessage()).contains(url.toString()).contains("refused");
                          test.completeNow();
                        })));
  }

  // ---- helpers ----

  private UpstreamTransport transport(Vertx vertx, String name, URI url) {
    UpstreamTransport transport =
        new LegacySseUpstream(
            vertx, client, config(name, url, Duration.ofSeconds(5)), codec, 1 << 20);
    transports.add(transport);
    return transport;
  }

  private static UpstreamConfig config(String name, URI url, Duration connectTimeout) {
    return new UpstreamConfig(
        name,
        UpstreamConfig.Transport.SSE,
        Optional.of(url),
        Map.of(CREDENTIAL_HEADER, "firewall-secret"),
        Optional.empty(),
        new UpstreamConfig.Timeouts(connectTimeout, Duration.ofSeconds(20)));
  }

  private static JsonRpcMessage request(Object id, String method, JsonObject params) {
    JsonObject json = new JsonObject().put("jsonrpc", "2.0").put("id", id).put("method", method);
    if (params != null) {
      json.put("params", params);
    }
    return JsonRpcMessage.of(json, null);
  }

  private static JsonRpcMessage notification(String method) {
    return JsonRpcMessage.of(new JsonObject().put("jsonrpc", "2.0").put("method", method), null);
  }

  private static JsonRpcMessage initializeRequest(JsonObject capabilities) {
    return request(
        1,
        "initialize",
        new JsonObject()
            .put("protocolVersion", "2024-11-05")
            .put("capabilities", capabilities)
            .put("clientInfo", new JsonObject().put("name", "firewall-test").put("version", "1")));
  }

  private static JsonRpcMessage longRunningOperation(int id, int seconds, int steps) {
    return request(
        id,
        "tools/call",
        new JsonObject()
            .put("name", "trigger-long-running-operation")
            .put("arguments", new JsonObject().put("duration", seconds).put("steps", steps))
            .put("_meta", new JsonObject().put("progressToken", "progress-" + id)));
  }

  private static Future<UpstreamConnection> initialized(
      UpstreamConnection connection, JsonObject capabilities) {
    return connection
        .send(initializeRequest(capabilities))
        .compose(LegacySseUpstreamTest::responseOf)
        .compose(response -> connection.send(notification("notifications/initialized")))
        .map(reply -> connection);
  }

  /** The response a request's stream ends with. */
  private static Future<JsonRpcMessage> responseOf(UpstreamReply reply) {
    if (!(reply instanceof UpstreamReply.Streamed streamed)) {
      return Future.failedFuture("expected a stream, got " + reply);
    }
    return collect(streamed.stream())
        .compose(
            events -> {
              JsonRpcMessage last = events.get(events.size() - 1).message();
              return last.isResponse()
                  ? Future.succeededFuture(last)
                  : Future.failedFuture("the stream ended with " + last);
            });
  }

  private static Future<List<UpstreamEvent>> collect(MessageStream stream) {
    Promise<List<UpstreamEvent>> promise = Promise.promise();
    List<UpstreamEvent> events = new ArrayList<>();
    stream
        .handler(events::add)
        .endHandler(v -> promise.tryComplete(events))
        .exceptionHandler(promise::tryFail);
    return promise.future();
  }

  private static void assertUnavailable(Throwable e, String upstream) {
    assertThat(e).isInstanceOf(FirewallFailure.class);
    assertThat(((FirewallFailure) e).kind()).isEqualTo(FailureKind.UPSTREAM_UNAVAILABLE);
    assertThat(((FirewallFailure) e).upstream()).isEqualTo(upstream);
    assertThat(e.getMessage()).contains("'" + upstream + "'");
  }

  private static void assertRefused(Future<?> connect, String upstream, String foreign) {
    assertFailure(connect, FailureKind.UPSTREAM_PROTOCOL_ERROR)
        .contains("'" + upstream + "'")
        .contains("another origin")
        .contains(foreign);
  }

  private static org.assertj.core.api.AbstractStringAssert<?> assertFailure(
      Future<?> future, FailureKind kind) {
    assertThat(future.failed()).as("expected a failure, got %s", future.result()).isTrue();
    assertThat(future.cause()).isInstanceOf(FirewallFailure.class);
    assertThat(((FirewallFailure) future.cause()).kind()).isEqualTo(kind);
    return assertThat(future.cause().getMessage());
  }

  private static Future<Void> eventually(Vertx vertx, java.util.function.BooleanSupplier done) {
    Promise<Void> promise = Promise.promise();
    long started = System.nanoTime();
    vertx.setPeriodic(
        20,
        id -> {
          if (done.getAsBoolean()) {
            vertx.cancelTimer(id);
            promise.complete();
          } else if (System.nanoTime() - started > TimeUnit.SECONDS.toNanos(5)) {
            vertx.cancelTimer(id);
            promise.fail("condition not reached within 5 s");
          }
        });
    return promise.future();
  }

  private static int freePort() throws IOException {
    return EverythingServer.freePort();
  }

  /** A Vert.x server playing upstreams that misbehave, one per path. */
  private static final class FakeUpstream {
    final Vertx vertx;
    final List<String> credentials = new CopyOnWriteArrayList<>();
    final AtomicInteger closedStreams = new AtomicInteger();
    HttpServer server;

    FakeUpstream(Vertx vertx) {
      this.vertx = vertx;
    }

    int port() {
      return server.actualPort();
    }

    void handle(HttpServerRequest request) {
      switch (request.path()) {
        case "/foreign-host" -> endpoint(request, "http://evil.example.com/message?sessionId=1");
        case "/foreign-port" ->
            endpoint(request, "http://127.0.0.1:" + (port() + 1) + "/message?sessionId=1");
        case "/foreign-scheme" ->
            endpoint(request, "https://127.0.0.1:" + port() + "/message?sessionId=1");
        case "/sse/picky" -> endpoint(request, "reject?sessionId=1");
        case "/sse/reject" ->
            request
                .body()
                .onSuccess(
                    body ->
                        request
                            .response()
                            .setStatusCode(body.toJsonObject().containsKey("id") ? 503 : 400)
                            .end("no"));
        case "/sse/ok" -> endpoint(request, "/message?sessionId=ok");
        case "/sse/garbled" -> {
          endpoint(request, "/message?sessionId=garbled");
          // Late enough for the firewall's request to be waiting.
          vertx.setTimer(300, id -> request.response().write("event: message\ndata: {oops\n\n"));
        }
        case "/message" -> request.response().setStatusCode(202).end("Accepted");
        case "/silent" -> {
          eventStream(request);
          request.response().write(": nothing to say\n\n");
        }
        default -> request.response().setStatusCode(404).end();
      }
    }

    void endpoint(HttpServerRequest request, String endpoint) {
      eventStream(request);
      request.response().write("event: endpoint\ndata: " + endpoint + "\n\n");
    }

    void eventStream(HttpServerRequest request) {
      credentials.add(request.getHeader(CREDENTIAL_HEADER));
      request.connection().closeHandler(v -> closedStreams.incrementAndGet());
      request
          .response()
          .setChunked(true)
          .putHeader("Content-Type", "text/event-stream")
          .putHeader("Cache-Control", "no-cache");
    }
  }

  private static Future<FakeUpstream> fakeUpstream(Vertx vertx) {
    FakeUpstream fake = new FakeUpstream(vertx);
    return vertx
        .createHttpServer()
        .requestHandler(fake::handle)
        .listen(0, "127.0.0.1")
        .map(
            server -> {
              fake.server = server;
              return fake;
            });
  }
}
