package dev.mcpfirewall.integrity;

/** Where a tool stands with its pin. Only {@link #APPROVED} tools can be called. */
public enum PinStatus {
  /** The tool's current definition is the approved one. */
  APPROVED,
  /** A tool never approved, waiting for an admin (or held because screening found poisoning). */
  PENDING_NEW,
  /** The upstream changed an approved tool's definition (a rug pull until an admin says not). */
  PENDING_CHANGE,
  /** An admin rejected the definition the upstream now lists. */
  REJECTED;

  /** The lowercase-dashed name used in APIs and error details. */
  public String label() {
    return name().toLowerCase(java.util.Locale.ROOT).replace('_', '-');
  }
}
