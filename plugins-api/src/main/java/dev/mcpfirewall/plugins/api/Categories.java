package dev.mcpfirewall.plugins.api;

/**
 * The categories the bundled detectors report. Vendors may report these or their own (prefix them
 * with the vendor's name, e.g. {@code "acme.toxicity"}).
 */
public final class Categories {
  /** A credential: API key, token, private key, password in a connection string. */
  public static final String SECRET = "secret";

  /** An attempt to override the model's instructions, from a user or hidden in tool output. */
  public static final String PROMPT_INJECTION = "prompt-injection";

  /** Personal data; subcategories name the kind, e.g. {@code "pii.email"}. */
  public static final String PII = "pii";

  public static final String PII_EMAIL = "pii.email";
  public static final String PII_PHONE = "pii.phone";
  public static final String PII_PAYMENT_CARD = "pii.payment-card";
  public static final String PII_IBAN = "pii.iban";
  public static final String PII_NATIONAL_ID = "pii.national-id";
  public static final String PII_IP_ADDRESS = "pii.ip-address";

  /** Hidden instructions or smuggled characters in a tool's advertised definition. */
  public static final String TOOL_POISONING = "tool-poisoning";

  private Categories() {}
}
