package dev.mcpfirewall.audit;

/**
 * Proof of a durable record: its sequence number in the node's chain and its hash.
 *
 * @param seq the record's sequence number, from 1; 0 when auditing is disabled
 * @param hash the record's SHA-256 (hex)
 */
public record AuditReceipt(long seq, String hash) {
  /** The receipt of a trail that records nothing. */
  public static final AuditReceipt NONE = new AuditReceipt(0, "");
}
