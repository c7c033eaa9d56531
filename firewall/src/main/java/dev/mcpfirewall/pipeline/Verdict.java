package dev.mcpfirewall.pipeline;

/**
 * What policy makes of an exchange's findings, ordered from least to most severe. {@code MONITOR}
 * lets the message through and records the findings; {@code REDACT} passes it with the matched text
 * replaced; {@code BLOCK} refuses it.
 */
public enum Verdict {
  ALLOW,
  MONITOR,
  REDACT,
  BLOCK;

  /** The lowercase name used in configuration, APIs and audit records. */
  public String label() {
    return name().toLowerCase(java.util.Locale.ROOT);
  }
}
