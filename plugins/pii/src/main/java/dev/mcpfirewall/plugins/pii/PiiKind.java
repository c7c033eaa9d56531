package dev.mcpfirewall.plugins.pii;

import dev.mcpfirewall.plugins.api.Categories;
import dev.mcpfirewall.plugins.api.Severity;

/** The kinds of personal data the detector classifies, with their category and default severity. */
public enum PiiKind {
  EMAIL("email", Categories.PII_EMAIL, Severity.MEDIUM),
  PHONE("phone", Categories.PII_PHONE, Severity.MEDIUM),
  PAYMENT_CARD("payment-card", Categories.PII_PAYMENT_CARD, Severity.HIGH),
  IBAN("iban", Categories.PII_IBAN, Severity.HIGH),
  NATIONAL_ID("national-id", Categories.PII_NATIONAL_ID, Severity.HIGH),
  IP_ADDRESS("ip-address", Categories.PII_IP_ADDRESS, Severity.LOW);

  private final String configName;
  private final String category;
  private final Severity severity;

  PiiKind(String configName, String category, Severity severity) {
    this.configName = configName;
    this.category = category;
    this.severity = severity;
  }

  /** The name configuration uses, e.g. {@code "payment-card"}. */
  public String configName() {
    return configName;
  }

  public String category() {
    return category;
  }

  public Severity defaultSeverity() {
    return severity;
  }

  static PiiKind byConfigName(String name) {
    for (PiiKind kind : values()) {
      if (kind.configName.equals(name)) {
        return kind;
      }
    }
    throw new IllegalArgumentException("unknown pii kind '" + name + "'");
  }
}
