package dev.mcpfirewall.pipeline;

/**
 * The typed failure a stage short-circuits an exchange with. Its message is shown to the client, so
 * it says what was wrong and where, and never carries internals. No stack trace is captured: these
 * are expected outcomes, and cheap on the hot path.
 */
public final class FirewallFailure extends RuntimeException {
  private final FailureKind kind;
  private final String upstream;
  private final java.time.Duration retryAfter;
  private final String detail;
  private final io.vertx.core.json.JsonObject data;

  public FirewallFailure(FailureKind kind, String message) {
    this(kind, message, null);
  }

  public FirewallFailure(FailureKind kind, String message, String upstream) {
    this(kind, message, upstream, null);
  }

  private FirewallFailure(
      FailureKind kind, String message, String upstream, java.time.Duration retryAfter) {
    this(kind, message, upstream, retryAfter, null);
  }

  private FirewallFailure(
      FailureKind kind,
      String message,
      String upstream,
      java.time.Duration retryAfter,
      String detail) {
    this(kind, message, upstream, retryAfter, detail, null);
  }

  private FirewallFailure(
      FailureKind kind,
      String message,
      String upstream,
      java.time.Duration retryAfter,
      String detail,
      io.vertx.core.json.JsonObject data) {
    super(message, null, false, false);
    this.kind = kind;
    this.upstream = upstream;
    this.retryAfter = retryAfter;
    this.detail = detail;
    this.data = data;
  }

  /**
   * A copy carrying a finer, stable reason code than the kind's (e.g. {@code
   * destructive_not_granted} under {@code tool_forbidden}): sent as {@code error.data.detail} and
   * recorded in the decision chain.
   */
  public FirewallFailure withDetail(String detail) {
    return new FirewallFailure(kind, getMessage(), upstream, retryAfter, detail, data);
  }

  /**
   * A copy carrying structured facts for the client in {@code error.data} beside {@code reason} and
   * {@code detail} (e.g. the schema violations of invalid arguments). Never internals.
   */
  public FirewallFailure withData(io.vertx.core.json.JsonObject data) {
    return new FirewallFailure(kind, getMessage(), upstream, retryAfter, detail, data);
  }

  /** Structured facts for {@code error.data}, if any. */
  public java.util.Optional<io.vertx.core.json.JsonObject> data() {
    return java.util.Optional.ofNullable(data);
  }

  /**
   * A copy carrying more machine-readable facts for {@code error.data} (e.g. the category and rule
   * of a content block); never secrets or matched text.
   */
  public FirewallFailure withData(java.util.Map<String, String> more) {
    return withData(new io.vertx.core.json.JsonObject(new java.util.HashMap<>(more)));
  }

  /** The finer reason code, if any. */
  public java.util.Optional<String> detail() {
    return java.util.Optional.ofNullable(detail);
  }

  /**
   * A refusal the client may retry after a delay (a lockout, a rate limit): sent as Retry-After.
   */
  public static FirewallFailure retryAfter(
      FailureKind kind, String message, java.time.Duration after) {
    return new FirewallFailure(kind, message, null, after);
  }

  /** When the client may retry, if this refusal says so. */
  public java.util.Optional<java.time.Duration> retryAfter() {
    return java.util.Optional.ofNullable(retryAfter);
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
