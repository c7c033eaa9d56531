package dev.mcpfirewall.admin;

import dev.mcpfirewall.auth.Credentials;
import dev.mcpfirewall.auth.Principal;
import dev.mcpfirewall.config.ListenConfig;
import dev.mcpfirewall.pipeline.FailureKind;
import dev.mcpfirewall.pipeline.FirewallFailure;
import dev.mcpfirewall.transport.FailureResponses;
import dev.mcpfirewall.transport.TransportGuard;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;
import java.util.List;
import java.util.function.Predicate;

/**
 * The admin plane's routes. Every route is behind {@link AdminAccess} except the bare liveness
 * probe {@code GET /healthz}; a route added later without it fails the route inventory test.
 *
 * <ul>
 *   <li>{@code GET /healthz}: liveness, anonymous, says nothing but "UP"
 *   <li>{@code GET /admin/health}: readiness with details (monitor or admin role)
 *   <li>{@code GET /admin/metrics}: Prometheus text (monitor or admin role)
 *   <li>{@code GET /admin/api/whoami}: the caller as the firewall sees it (any authenticated)
 *   <li>{@code /admin/api/...}: the admin REST API (admin role)
 * </ul>
 */
public final class AdminRoutes {
  /** The built-in role that may read health and metrics (scrapers), beside {@code admin}. */
  public static final String MONITOR_ROLE = "monitor";

  private final TransportGuard guard;
  private final Credentials credentials;
  private final Predicate<Principal> isAdmin;
  private final List<AdminApi> apis;
  private final MetricsSource metrics;
  private final HealthSource health;
  private final AdminAuditor auditor;

  /** Prometheus text for {@code /admin/metrics}. */
  public interface MetricsSource {
    String scrape();
  }

  /** Readiness details for {@code /admin/health}. */
  public interface HealthSource {
    JsonObject health();
  }

  /** A group of admin REST routes under {@code /admin/api/}, mounted behind the admin gate. */
  public interface AdminApi {
    void mount(Router router);
  }

  public AdminRoutes(
      ListenConfig listen,
      Credentials credentials,
      Predicate<Principal> isAdmin,
      List<AdminApi> apis,
      MetricsSource metrics,
      HealthSource health) {
    this(listen, credentials, isAdmin, apis, metrics, health, AdminAuditor.NONE);
  }

  /**
   * @param auditor records admin authentication failures and refusals in the audit trail
   */
  public AdminRoutes(
      ListenConfig listen,
      Credentials credentials,
      Predicate<Principal> isAdmin,
      List<AdminApi> apis,
      MetricsSource metrics,
      HealthSource health,
      AdminAuditor auditor) {
    this.auditor = auditor;
    this.guard = new TransportGuard(listen);
    this.credentials = credentials;
    this.isAdmin = isAdmin;
    this.apis = List.copyOf(apis);
    this.metrics = metrics;
    this.health = health;
  }

  Router router(Vertx vertx) {
    Router router = Router.router(vertx);
    router
        .get("/healthz")
        .handler(
            rc ->
                rc.response()
                    .putHeader(HttpHeaders.CONTENT_TYPE, "application/json")
                    .end("{\"status\":\"UP\"}"));

    AdminAccess anyone =
        new AdminAccess(guard, credentials, p -> true, "an authenticated caller", auditor);
    AdminAccess monitor =
        new AdminAccess(
            guard,
            credentials,
            p -> isAdmin.test(p) || p.roles().contains(MONITOR_ROLE),
            "the monitor or admin role",
            auditor);
    AdminAccess admin = new AdminAccess(guard, credentials, isAdmin, "the admin role", auditor);

    router.get("/admin/health").handler(monitor).handler(rc -> json(rc, 200, health.health()));
    router
        .get("/admin/metrics")
        .handler(monitor)
        .handler(
            rc ->
                rc.response()
                    .putHeader(HttpHeaders.CONTENT_TYPE, "text/plain; version=0.0.4; charset=utf-8")
                    .end(metrics.scrape()));
    router.get("/admin/api/whoami").handler(anyone).handler(this::whoami);

    router.route("/admin/api/*").handler(admin);
    router.route("/admin/api/*").handler(BodyHandler.create().setBodyLimit(64 * 1024));
    apis.forEach(api -> api.mount(router));

    // Anything else, known or not, is behind the gate too: unauthenticated callers learn nothing.
    router.route().last().handler(anyone).handler(AdminRoutes::notFound);
    router.route().failureHandler(rc -> FailureResponses.write(rc.request(), failure(rc), null));
    return router;
  }

  private void whoami(RoutingContext rc) {
    Principal principal = rc.get(AdminAccess.PRINCIPAL);
    JsonObject body =
        new JsonObject()
            .put("id", principal.id())
            .put("kind", principal.kind().name())
            .put("roles", new JsonArray(principal.roles().stream().sorted().toList()))
            .put("admin", isAdmin.test(principal));
    principal.keyId().ifPresent(id -> body.put("keyId", id));
    json(rc, 200, body);
  }

  private static void notFound(RoutingContext rc) {
    FailureResponses.write(
        rc.request(),
        new FirewallFailure(
            FailureKind.UNKNOWN_UPSTREAM, "no admin route at '" + rc.normalizedPath() + "'"),
        null);
  }

  private static Throwable failure(RoutingContext rc) {
    if (rc.failure() != null) {
      return rc.failure();
    }
    if (rc.statusCode() == 413) {
      return new FirewallFailure(FailureKind.BODY_TOO_LARGE, "request body larger than 64 KiB");
    }
    if (rc.statusCode() == 400) {
      return new FirewallFailure(FailureKind.INVALID_REQUEST, "malformed request");
    }
    return new FirewallFailure(FailureKind.INTERNAL, "internal error in the firewall");
  }

  /** Writes a JSON body with a status. */
  public static void json(RoutingContext rc, int status, Object body) {
    rc.response()
        .setStatusCode(status)
        .putHeader(HttpHeaders.CONTENT_TYPE, "application/json")
        .end(body instanceof JsonObject o ? o.toBuffer() : ((JsonArray) body).toBuffer());
  }

  /** The principal the gate verified, for API handlers. */
  public static Principal principal(RoutingContext rc) {
    return rc.get(AdminAccess.PRINCIPAL);
  }
}
