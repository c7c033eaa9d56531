package dev.mcpfirewall.admin;

import dev.mcpfirewall.auth.Credentials;
import dev.mcpfirewall.auth.Principal;
import dev.mcpfirewall.pipeline.FailureKind;
import dev.mcpfirewall.pipeline.FirewallFailure;
import dev.mcpfirewall.transport.FailureResponses;
import dev.mcpfirewall.transport.TransportGuard;
import io.vertx.core.Handler;
import io.vertx.core.http.HttpHeaders;
import io.vertx.ext.web.RoutingContext;
import java.util.function.Predicate;

/**
 * The gate in front of every admin route but the liveness probe: Host and Origin checks, a verified
 * credential, and a principal allowed on the admin plane. Admin authentication failures count
 * towards lockout like any other.
 */
final class AdminAccess implements Handler<RoutingContext> {
  static final String PRINCIPAL = "principal";

  private final TransportGuard guard;
  private final Credentials credentials;
  private final Predicate<Principal> allowed;
  private final String requirement;
  private final AdminAuditor auditor;

  /**
   * @param allowed which principals may pass
   * @param requirement how a refusal describes what was needed, e.g. "the admin role"
   */
  AdminAccess(
      TransportGuard guard,
      Credentials credentials,
      Predicate<Principal> allowed,
      String requirement,
      AdminAuditor auditor) {
    this.auditor = auditor;
    this.guard = guard;
    this.credentials = credentials;
    this.allowed = allowed;
    this.requirement = requirement;
  }

  @Override
  public void handle(RoutingContext rc) {
    try {
      guard.checkOrigin(rc.request());
    } catch (FirewallFailure refused) {
      FailureResponses.write(rc.request(), refused, null);
      return;
    }
    String source =
        rc.request().remoteAddress() == null ? null : rc.request().remoteAddress().host();
    credentials
        .verify(rc.request().getHeader(HttpHeaders.AUTHORIZATION), source)
        .onFailure(
            e -> {
              auditor.adminAction(null, "admin.auth-failure", attempt(rc, e));
              FailureResponses.write(rc.request(), e, null);
            })
        .onSuccess(
            principal -> {
              if (!allowed.test(principal)) {
                auditor.adminAction(
                    principal, "admin.forbidden", attempt(rc, null).put("requires", requirement));
                FailureResponses.write(
                    rc.request(),
                    new FirewallFailure(
                        FailureKind.FORBIDDEN, "this admin route requires " + requirement),
                    null);
                return;
              }
              rc.put(PRINCIPAL, principal);
              rc.next();
            });
  }

  private static io.vertx.core.json.JsonObject attempt(RoutingContext rc, Throwable e) {
    io.vertx.core.json.JsonObject details =
        new io.vertx.core.json.JsonObject()
            .put("method", rc.request().method().name())
            .put("path", rc.request().path());
    if (rc.request().remoteAddress() != null) {
      details.put("remote", rc.request().remoteAddress().host());
    }
    if (e != null) {
      details.put("reason", FirewallFailure.of(e).kind().reason());
    }
    return details;
  }
}
