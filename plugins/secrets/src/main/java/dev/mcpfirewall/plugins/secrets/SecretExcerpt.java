package dev.mcpfirewall.plugins.secrets;

/**
 * The redacted excerpt of a secret a finding carries: enough of its start for a human to tell what
 * kind of credential it was ({@code "AKIA…[REDACTED]"}), never enough to use it. Secrets shorter
 * than 20 characters show nothing of themselves.
 */
final class SecretExcerpt {
  static final String MARKER = "…[REDACTED]";

  private SecretExcerpt() {}

  static String of(String secret) {
    int shown = secret.length() >= 20 ? 4 : 0;
    return secret.substring(0, shown) + MARKER;
  }
}
