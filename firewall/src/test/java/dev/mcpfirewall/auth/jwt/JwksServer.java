package dev.mcpfirewall.auth.jwt;

import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.net.URI;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

/** An identity provider's JWKS endpoint on 127.0.0.1: publishes, rotates, fails, goes away. */
final class JwksServer implements AutoCloseable {
  private final Vertx vertx;
  private final AtomicReference<JsonObject> document =
      new AtomicReference<>(new JsonObject().put("keys", new JsonArray()));
  private final AtomicInteger status = new AtomicInteger(200);
  private final AtomicInteger hits = new AtomicInteger();
  private volatile HttpServer server;
  private volatile int port;

  private JwksServer(Vertx vertx) {
    this.vertx = vertx;
  }

  static JwksServer start(Vertx vertx) throws Exception {
    JwksServer jwks = new JwksServer(vertx);
    jwks.listen(0);
    return jwks;
  }

  /** A server that is down: the port is known but nothing listens on it until {@link #up()}. */
  static JwksServer down(Vertx vertx) throws Exception {
    JwksServer jwks = start(vertx);
    jwks.stop();
    return jwks;
  }

  void up() throws Exception {
    listen(port);
  }

  void stop() throws Exception {
    server.close().await(5, TimeUnit.SECONDS);
  }

  private void listen(int requestedPort) throws Exception {
    server =
        vertx
            .createHttpServer()
            .requestHandler(
                request -> {
                  hits.incrementAndGet();
                  int code = status.get();
                  if (code != 200) {
                    request.response().setStatusCode(code).end("identity provider unwell");
                    return;
                  }
                  request
                      .response()
                      .putHeader("content-type", "application/jwk-set+json")
                      .end(document.get().encode());
                })
            .listen(requestedPort, "127.0.0.1")
            .await(5, TimeUnit.SECONDS);
    port = server.actualPort();
  }

  void publish(TestKeys... keys) {
    JsonArray array = new JsonArray();
    for (TestKeys key : keys) {
      array.add(key.jwk());
    }
    publish(new JsonObject().put("keys", array));
  }

  void publish(JsonObject jwks) {
    document.set(jwks);
  }

  void respondWith(int code) {
    status.set(code);
  }

  int hits() {
    return hits.get();
  }

  URI url() {
    return URI.create("http://127.0.0.1:" + port + "/realms/test/protocol/openid-connect/certs");
  }

  @Override
  public void close() throws Exception {
    if (server != null) {
      server.close().await(5, TimeUnit.SECONDS);
    }
  }
}
