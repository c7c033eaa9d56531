package dev.mcpfirewall.auth.apikey;

/**
 * Why an API key was refused. The client always sees the same message ({@value
 * ApiKeyAuthenticator#CLIENT_MESSAGE}); this reason goes to the log, to failure counting and to the
 * audit, through the listener given to {@link ApiKeyAuthenticator}.
 *
 * <p>The secret is checked before anything else about a key, so the reasons after {@link
 * #WRONG_SECRET} are only ever reported for a caller who holds the real key.
 */
public enum KeyRejection {
  /** Starts with the prefix but is not {@code mcpfw_<id>_<secret>}. */
  MALFORMED("malformed"),
  /** No key has this id. */
  UNKNOWN_KEY("unknown_key"),
  /** The key exists; the secret is not its secret. */
  WRONG_SECRET("wrong_secret"),
  REVOKED("revoked"),
  /** The key was rotated and its grace period is over. */
  ROTATED_OUT("rotated_out"),
  /** Past its expiry. */
  EXPIRED("expired"),
  /** Older than the maximum age, whatever its expiry says. */
  MAX_AGE_EXCEEDED("max_age_exceeded"),
  /** Used from an address outside the key's source CIDRs. */
  SOURCE_NOT_ALLOWED("source_not_allowed");

  private final String code;

  KeyRejection(String code) {
    this.code = code;
  }

  /** A stable machine-readable code, for metrics labels and audit records. */
  public String code() {
    return code;
  }
}
