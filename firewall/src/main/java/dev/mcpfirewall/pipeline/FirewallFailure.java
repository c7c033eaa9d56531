package dev.mcpfirewall.pipeline;

/**
 * The typed failure a stage short-circuits an exchange with. Its message is shown to the client, so
 * it says what was wrong and where, and never carries internals. No stack trace is captured: these
 * are expected outcomes, and cheap on the hot path.
 */
public final class FirewallFailure extends RuntimeException {
  private final FailureKind kind;
  private final String upstream;

  public FirewallFailure(FailureKind kind, String message) {
    this(kind, message, null);
  }

  public FirewallFailure(FailureKind kind, String message, String upstream) {
    super(message, null, false, false);
    this.kind = kind;
    this.upstream = upstream;
  }

  public FailureKind kind() {
    return kind;
  }

  /** The upstream involved, when the failure is about one. */
  public String upstream() {
    return upstream;
  }

  /**
   * Turns any throwable into a failure a client may see: typed failures as they are, anything else
   * as {@link FailureKind#INTERNAL} with a generic message (the cause is logged, not sent).
   */
  public static FirewallFailure of(Throwable t) {
    if (t instanceof FirewallFailure f) {
      return f;
    }
    return new FirewallFailure(FailureKind.INTERNAL, "internal error in the firewall");
  }
}
