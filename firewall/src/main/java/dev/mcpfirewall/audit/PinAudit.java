package dev.mcpfirewall.audit;

import dev.mcpfirewall.admin.AdminAuditor;
import dev.mcpfirewall.integrity.PinEvents;
import io.vertx.core.json.JsonObject;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Records tool pin events in the audit trail as admin actions: tools pinned, pending, changed (with
 * the diff), reverted, approved and rejected. The firewall's own events name the actor {@code
 * firewall}; approvals and rejections name the admin.
 */
public final class PinAudit implements PinEvents {
  private static final Logger log = LoggerFactory.getLogger(PinAudit.class);

  private final AdminAuditor auditor;

  public PinAudit(AdminAuditor auditor) {
    this.auditor = auditor;
  }

  @Override
  public void record(String action, String actor, JsonObject details) {
    auditor
        .adminAction(null, action, details.copy().put("actor", actor))
        .onFailure(e -> log.error("tool pin event {} could not be recorded", action, e));
  }
}
