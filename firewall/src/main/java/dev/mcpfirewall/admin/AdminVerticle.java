package dev.mcpfirewall.admin;

import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.ext.web.Router;

/**
 * The admin plane's listener: serves the router {@link AdminRoutes} builds. Wires; decides nothing.
 */
public final class AdminVerticle extends VerticleBase {
  private final String host;
  private final int port;
  private final AdminRoutes routes;
  private HttpServer server;
  private Router router;

  public AdminVerticle(String host, int port, AdminRoutes routes) {
    this.host = host;
    this.port = port;
    this.routes = routes;
  }

  @Override
  public Future<?> start() {
    router = routes.router(vertx);
    server = vertx.createHttpServer(new HttpServerOptions().setHost(host).setPort(port));
    return server.requestHandler(router).listen();
  }

  public int actualPort() {
    return server.actualPort();
  }

  /** The routes served, for the route inventory test. */
  public Router router() {
    return router;
  }
}
