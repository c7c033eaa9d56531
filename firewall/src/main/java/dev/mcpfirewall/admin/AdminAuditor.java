package dev.mcpfirewall.admin;

import dev.mcpfirewall.auth.Principal;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;

/**
 * Records admin actions in the audit trail: API keys created, rotated, revoked; tool approvals;
 * purges; admin authentication failures. The future completes when the record is durable.
 *
 * <pre>{@code
 * auditor.adminAction(actor, "key.revoke", new JsonObject().put("keyId", id));
 * }</pre>
 */
public interface AdminAuditor {

  /**
   * @param actor who did it, or null when nobody was authenticated (a failed admin login)
   * @param action a dotted name, e.g. {@code key.create}, {@code tool.approve}, {@code
   *     admin.auth-failure}
   * @param details what was done (never secrets: key values are not passed here)
   */
  Future<Void> adminAction(Principal actor, String action, JsonObject details);

  /** An auditor that records nothing. */
  AdminAuditor NONE = (actor, action, details) -> Future.succeededFuture();
}
