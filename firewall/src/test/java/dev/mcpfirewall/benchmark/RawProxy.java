package dev.mcpfirewall.benchmark;

import io.vertx.core.DeploymentOptions;
import io.vertx.core.Future;
import io.vertx.core.MultiMap;
import io.vertx.core.VerticleBase;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.PoolOptions;
import io.vertx.core.http.RequestOptions;
import java.net.URI;
import java.util.List;

/**
 * The floor for the load benchmark: the least a Vert.x HTTP pass-through proxy can do, with no
 * parsing and no checks. Each POST body and the MCP headers go to the upstream, its answer comes
 * back. Run in place of the firewall ({@code LoadBenchmark --launcher raw-proxy}), it shows how
 * much of the firewall's cost is the proxying itself on this machine. With {@code --shared-client}
 * every event loop shares one upstream {@link HttpClient}, as the firewall node does; without it
 * each event loop has its own, so that an upstream connection always lives on the event loop of the
 * agent request using it.
 *
 * <pre>
 * java -cp TEST_CLASSPATH dev.mcpfirewall.benchmark.RawProxy --port P --upstream URL \
 *   [--event-loops N] [--shared-client]
 * </pre>
 */
public final class RawProxy {
  private static final List<String> FORWARDED =
      List.of("Content-Type", "Accept", "Mcp-Session-Id", "MCP-Protocol-Version");
  private static final List<String> RETURNED = List.of("Content-Type", "Mcp-Session-Id");

  private RawProxy() {}

  public static void main(String[] args) throws Exception {
    int port = 0;
    URI upstream = null;
    int loops = Runtime.getRuntime().availableProcessors();
    boolean shared = false;
    for (int i = 0; i < args.length; i++) {
      switch (args[i]) {
        case "--port" -> port = Integer.parseInt(args[++i]);
        case "--upstream" -> upstream = URI.create(args[++i]);
        case "--event-loops" -> loops = Integer.parseInt(args[++i]);
        case "--shared-client" -> shared = true;
        default -> throw new IllegalArgumentException("unknown argument " + args[i]);
      }
    }
    if (upstream == null) {
      throw new IllegalArgumentException("--upstream URL is required");
    }
    Vertx vertx = Vertx.vertx(new VertxOptions().setEventLoopPoolSize(loops));
    HttpClient sharedClient = shared ? client(vertx) : null;
    int listen = port;
    URI target = upstream;
    vertx
        .deployVerticle(
            () -> new Listener(listen, target, sharedClient),
            new DeploymentOptions().setInstances(loops))
        .toCompletionStage()
        .toCompletableFuture()
        .get();
    System.out.println("READY " + port);
    while (System.in.read() >= 0) {
      // Runs until the parent closes our standard input.
    }
    vertx.close().toCompletionStage().toCompletableFuture().get();
    System.exit(0);
  }

  private static HttpClient client(Vertx vertx) {
    return vertx.createHttpClient(
        new HttpClientOptions().setKeepAlive(true).setTcpNoDelay(true),
        new PoolOptions().setHttp1MaxSize(512));
  }

  private static final class Listener extends VerticleBase {
    private final int port;
    private final URI upstream;
    private HttpClient client;

    Listener(int port, URI upstream, HttpClient shared) {
      this.port = port;
      this.upstream = upstream;
      this.client = shared;
    }

    @Override
    public Future<?> start() {
      if (client == null) {
        client = client(vertx);
      }
      return vertx
          .createHttpServer(
              new HttpServerOptions().setHost("127.0.0.1").setPort(port).setTcpNoDelay(true))
          .requestHandler(this::handle)
          .listen();
    }

    private void handle(HttpServerRequest request) {
      if ("/healthz".equals(request.path())) {
        request.response().end("{\"status\":\"UP\"}");
        return;
      }
      RequestOptions options =
          new RequestOptions()
              .setMethod(request.method())
              .setHost(upstream.getHost())
              .setPort(upstream.getPort())
              .setURI(upstream.getRawPath());
      MultiMap headers = request.headers();
      for (String name : FORWARDED) {
        String value = headers.get(name);
        if (value != null) {
          options.putHeader(name, value);
        }
      }
      request
          .body()
          .compose(body -> client.request(options).compose(r -> r.send(body)))
          .compose(
              response ->
                  response
                      .body()
                      .compose(
                          body -> {
                            request.response().setStatusCode(response.statusCode());
                            for (String name : RETURNED) {
                              String value = response.getHeader(name);
                              if (value != null) {
                                request.response().putHeader(name, value);
                              }
                            }
                            return request.response().end(body);
                          }))
          .onFailure(
              e -> {
                if (!request.response().ended()) {
                  request
                      .response()
                      .setStatusCode(502)
                      .putHeader(HttpHeaders.CONTENT_TYPE, "text/plain")
                      .end(String.valueOf(e.getMessage()));
                }
              });
    }
  }
}
