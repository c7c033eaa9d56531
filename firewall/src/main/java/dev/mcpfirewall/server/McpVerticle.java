package dev.mcpfirewall.server;

import dev.mcpfirewall.pipeline.FailureKind;
import dev.mcpfirewall.pipeline.FirewallFailure;
import dev.mcpfirewall.transport.FailureResponses;
import dev.mcpfirewall.transport.McpEndpoint;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.ext.web.Router;

/** One event loop's share of the agent-facing listener. Wires; decides nothing. */
final class McpVerticle extends VerticleBase {
  private final String host;
  private final int port;
  private final McpEndpoint endpoint;
  private HttpServer server;

  McpVerticle(String host, int port, McpEndpoint endpoint) {
    this.host = host;
    this.port = port;
    this.endpoint = endpoint;
  }

  @Override
  public Future<?> start() {
    Router router = Router.router(vertx);
    router.route("/mcp/:upstream").handler(endpoint);
    router
        .get("/healthz")
        .handler(
            rc ->
                rc.response()
                    .putHeader(HttpHeaders.CONTENT_TYPE, "application/json")
                    .end("{\"status\":\"UP\"}"));
    router
        .route()
        .last()
        .handler(
            rc ->
                FailureResponses.write(
                    rc.request(),
                    new FirewallFailure(
                        FailureKind.UNKNOWN_UPSTREAM,
                        "no MCP endpoint at '" + rc.normalizedPath() + "'; use /mcp/{upstream}"),
                    null));
    router
        .route()
        .failureHandler(
            rc ->
                FailureResponses.write(
                    rc.request(),
                    rc.failure() == null
                        ? new FirewallFailure(
                            FailureKind.INTERNAL, "internal error in the firewall")
                        : rc.failure(),
                    null));
    server =
        vertx.createHttpServer(
            new HttpServerOptions()
                .setHost(host)
                .setPort(port)
                .setTcpNoDelay(true)
                .setCompressionSupported(false));
    return server.requestHandler(router).listen();
  }

  int actualPort() {
    return server.actualPort();
  }
}
