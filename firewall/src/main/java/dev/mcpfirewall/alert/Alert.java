package dev.mcpfirewall.alert;

import java.time.Instant;
import java.util.Map;

/**
 * A security event that someone must look at, not just a line in a dashboard: a brute-force
 * lockout, a key about to expire, a tool definition that changed.
 *
 * @param type a stable machine-readable type, e.g. {@code auth.lockout}, {@code key.expiring}
 * @param severity how urgent
 * @param summary one human-readable line
 * @param attributes details (never secrets)
 * @param time when it happened
 */
public record Alert(
    String type, Severity severity, String summary, Map<String, String> attributes, Instant time) {

  public Alert {
    attributes = Map.copyOf(attributes);
  }

  /** How urgent an alert is. */
  public enum Severity {
    INFO,
    WARNING,
    CRITICAL
  }
}
