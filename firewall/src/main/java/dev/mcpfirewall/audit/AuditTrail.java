package dev.mcpfirewall.audit;

import io.vertx.core.Future;

/**
 * The node's tamper-evident audit trail, as the rest of the firewall sees it: append an event, and
 * learn when its record is durable (per the configured durability mode). Appending never blocks the
 * caller; one writer thread batches records (group commit).
 *
 * <pre>{@code
 * trail.append(AuditEvent.of("admin").with("action", "key.revoke"))
 *     .onSuccess(receipt -> log.info("recorded as seq {}", receipt.seq()));
 * }</pre>
 */
public interface AuditTrail {

  /**
   * Appends {@code event}. The future completes (on the caller's context) once the record is
   * durable, and fails with a {@link dev.mcpfirewall.pipeline.FirewallFailure} of kind {@code
   * AUDIT_UNAVAILABLE} when the trail cannot take it (writer failed, queue full, closed).
   */
  Future<AuditReceipt> append(AuditEvent event);

  /**
   * Appends a record nobody waits for (responses, refusals). The trail may sync it with a later
   * batch rather than on its own (within a bounded delay), so it costs no extra sync; its future
   * completes once it is written. The default waits like {@link #append}.
   */
  default Future<AuditReceipt> appendLazily(AuditEvent event) {
    return append(event);
  }

  /** A trail that records nothing, for configurations with {@code audit.enabled: false}. */
  AuditTrail DISABLED = event -> Future.succeededFuture(AuditReceipt.NONE);
}
