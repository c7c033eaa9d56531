package dev.mcpfirewall.auth.apikey;

/**
 * A key operation ({@code create}, {@code revoke}, {@code rotate}) that cannot be done as asked.
 * The message is meant for the administrator; {@link #reason()} tells an API what status to answer
 * with.
 */
public final class KeyOperationException extends RuntimeException {
  private final Reason reason;

  public KeyOperationException(Reason reason, String message) {
    super(message, null, false, false);
    this.reason = reason;
  }

  public Reason reason() {
    return reason;
  }

  /** What kind of refusal. */
  public enum Reason {
    /** No key has this id (404). */
    NOT_FOUND,
    /** The key is declared in the configuration file and is changed there (409). */
    CONFIG_KEY,
    /** The key is revoked or already rotated (409). */
    NOT_ACTIVE,
    /** A key with the requested id exists (409). */
    ALREADY_EXISTS,
    /** An argument is not acceptable: owner, roles, id, scopes, ttl (400). */
    INVALID
  }
}
