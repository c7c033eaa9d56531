package dev.mcpfirewall.server;

import dev.mcpfirewall.pipeline.FailureKind;
import dev.mcpfirewall.pipeline.FirewallFailure;
import dev.mcpfirewall.transport.FailureResponses;
import dev.mcpfirewall.transport.McpEndpoint;
import dev.mcpfirewall.transport.ProtectedResourceMetadata;
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
  private final ProtectedResourceMetadata metadata;
  private final io.vertx.core.Handler<io.vertx.ext.web.RoutingContext> inspect;
  private HttpServer server;
  private Router router;

  McpVerticle(
      String host,
      int port,
      McpEndpoint endpoint,
      ProtectedResourceMetadata metadata,
      io.vertx.core.Handler<io.vertx.ext.web.RoutingContext> inspect) {
    this.host = host;
    this.inspect = inspect;
    this.port = port;
    this.endpoint = endpoint;
    this.metadata = metadata;
  }

  /** The routes served, for the route inventory test. */
  Router router() {
    return router;
  }

  @Override
  public Future<?> start() {
    router = Router.router(vertx);
    router.route("/mcp/:upstream").handler(endpoint);
    // The inspection API authenticates like /mcp, before reading the body.
    router.post(dev.mcpfirewall.detect.InspectEndpoint.PATH).handler(inspect);
    // The bare liveness probe and the RFC 9728 metadata are the only anonymous routes.
    router
        .get("/healthz")
        .handler(
            rc ->
                rc.response()
                    .putHeader(HttpHeaders.CONTENT_TYPE, "application/json")
                    .end("{\"status\":\"UP\"}"));
    router.get(ProtectedResourceMetadata.WELL_KNOWN).handler(metadata);
    router.get(ProtectedResourceMetadata.WELL_KNOWN + "/mcp/:upstream").handler(metadata);
    router.route().last().handler(endpoint::unknownPath);
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
