package dev.mcpfirewall.testpeers;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.RequestOptions;
import java.net.URI;
import java.util.concurrent.TimeUnit;

/**
 * A transparent HTTP relay that adds {@code Authorization: Bearer <key>} to every request: lets
 * peers that send no credentials (the conformance suite) talk to the firewall. Streams bodies both
 * ways (event streams included); passes every other header, Host and Origin included, untouched.
 */
public final class CredentialShim implements AutoCloseable {
  private final HttpServer server;
  private final HttpClient client;

  private CredentialShim(HttpServer server, HttpClient client) {
    this.server = server;
    this.client = client;
  }

  public static CredentialShim start(Vertx vertx, int targetPort, String bearer) throws Exception {
    // Clients such as the conformance suite leave event streams open across scenarios: the pool
    // must hold many long-lived connections (Vert.x's default is 5, which would stall the sixth).
    HttpClient client =
        vertx.createHttpClient(
            new io.vertx.core.http.HttpClientOptions(),
            new io.vertx.core.http.PoolOptions().setHttp1MaxSize(256));
    HttpServer server =
        vertx
            .createHttpServer()
            .requestHandler(request -> relay(client, targetPort, bearer, request))
            .listen(0, "127.0.0.1")
            .toCompletionStage()
            .toCompletableFuture()
            .get(10, TimeUnit.SECONDS);
    return new CredentialShim(server, client);
  }

  private static void relay(HttpClient client, int port, String bearer, HttpServerRequest in) {
    in.pause();
    RequestOptions options =
        new RequestOptions()
            .setMethod(in.method())
            .setHost("127.0.0.1")
            .setPort(port)
            .setURI(in.uri());
    options.setHeaders(io.vertx.core.MultiMap.caseInsensitiveMultiMap().addAll(in.headers()));
    options.getHeaders().set("Authorization", "Bearer " + bearer);
    client
        .request(options)
        .compose(
            out -> {
              in.resume();
              return out.send(in);
            })
        .compose(
            response -> {
              in.response().setStatusCode(response.statusCode());
              in.response().headers().addAll(response.headers());
              if (response.getHeader("Content-Length") == null) {
                in.response().setChunked(true);
              }
              in.response().closeHandler(v -> response.request().reset());
              return in.response().send(response);
            })
        .onFailure(
            e -> {
              if (!in.response().headWritten()) {
                in.response().setStatusCode(502).end("shim: " + e.getMessage());
              } else {
                in.response().reset();
              }
            });
  }

  public URI base() {
    return URI.create("http://127.0.0.1:" + server.actualPort());
  }

  @Override
  public void close() throws Exception {
    Future.join(server.close(), client.close())
        .toCompletionStage()
        .toCompletableFuture()
        .get(10, TimeUnit.SECONDS);
  }
}
