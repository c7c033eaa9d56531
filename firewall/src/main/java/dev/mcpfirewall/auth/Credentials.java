package dev.mcpfirewall.auth;

import dev.mcpfirewall.pipeline.FailureKind;
import dev.mcpfirewall.pipeline.FirewallFailure;
import io.vertx.core.Future;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * Verifies the bearer credential of a request, for the MCP endpoints and the admin plane alike:
 * lockout first, then the authenticator whose token shape matches. Every failure reaches the client
 * with a generic message (which key ids exist is never revealed) and is counted.
 */
public final class Credentials {
  private static final String BEARER = "bearer ";

  private final List<Authenticator> authenticators;
  private final AuthAttempts attempts;

  public Credentials(List<Authenticator> authenticators, AuthAttempts attempts) {
    this.authenticators = List.copyOf(authenticators);
    this.attempts = attempts;
  }

  /**
   * @param authorization the {@code Authorization} header, or null
   * @param source the client's address
   */
  public Future<Principal> verify(String authorization, String source) {
    if (authorization == null || authorization.isBlank()) {
      Optional<Duration> locked = attempts.lockedOut(source, Optional.empty());
      if (locked.isPresent()) {
        return Future.failedFuture(lockedOut(locked.get()));
      }
      attempts.failed(source, Optional.empty(), "missing");
      return Future.failedFuture(
          new FirewallFailure(
              FailureKind.UNAUTHENTICATED,
              "authentication required: send Authorization: Bearer <API key or token>"));
    }
    if (authorization.length() <= BEARER.length()
        || !authorization.regionMatches(true, 0, BEARER, 0, BEARER.length())) {
      attempts.failed(source, Optional.empty(), "malformed");
      return Future.failedFuture(
          new FirewallFailure(
              FailureKind.UNAUTHENTICATED, "the Authorization header must use the Bearer scheme"));
    }
    String token = authorization.substring(BEARER.length()).trim();
    Authenticator authenticator = null;
    for (Authenticator candidate : authenticators) {
      if (candidate.accepts(token)) {
        authenticator = candidate;
        break;
      }
    }
    Optional<String> keyId = authenticator == null ? Optional.empty() : authenticator.keyId(token);
    Optional<Duration> locked = attempts.lockedOut(source, keyId);
    if (locked.isPresent()) {
      return Future.failedFuture(lockedOut(locked.get()));
    }
    if (authenticator == null) {
      attempts.failed(source, Optional.empty(), "unrecognized");
      return Future.failedFuture(
          new FirewallFailure(
              FailureKind.UNAUTHENTICATED, "the bearer credential is not an API key or a JWT"));
    }
    return authenticator
        .authenticate(token, source)
        .onSuccess(principal -> attempts.succeeded(source, principal))
        .onFailure(e -> attempts.failed(source, keyId, "rejected"))
        .recover(
            e ->
                Future.failedFuture(
                    e instanceof FirewallFailure
                        ? e
                        : new FirewallFailure(
                            FailureKind.UNAUTHENTICATED, "the credential could not be verified")));
  }

  private static FirewallFailure lockedOut(Duration remaining) {
    long seconds = Math.max(1, (remaining.toMillis() + 999) / 1000);
    return FirewallFailure.retryAfter(
        FailureKind.LOCKED_OUT,
        "too many failed authentications; try again in " + seconds + " s",
        Duration.ofSeconds(seconds));
  }
}
