package dev.mcpfirewall.auth.lockout;

import dev.mcpfirewall.auth.AuthAttempts;
import dev.mcpfirewall.auth.Principal;
import dev.mcpfirewall.metrics.FirewallMetrics;
import java.time.Duration;
import java.util.Optional;

/**
 * The {@link AuthAttempts} the firewall runs with: lockouts from an {@link AuthFailureTracker}, and
 * every outcome counted in {@link FirewallMetrics} ({@code mcp_firewall_auth_failures_total},
 * {@code mcp_firewall_auth_successes_total}).
 *
 * <pre>{@code
 * AuthFailureTracker tracker =
 *     new AuthFailureTracker(config.auth().lockout(), clock, alerts, metrics);
 * Credentials credentials =
 *     new Credentials(authenticators, new TrackedAuthAttempts(tracker, metrics));
 * }</pre>
 */
public final class TrackedAuthAttempts implements AuthAttempts {
  private final AuthFailureTracker tracker;
  private final FirewallMetrics metrics;

  public TrackedAuthAttempts(AuthFailureTracker tracker, FirewallMetrics metrics) {
    this.tracker = tracker;
    this.metrics = metrics;
  }

  @Override
  public Optional<Duration> lockedOut(String sourceAddress, Optional<String> keyId) {
    Optional<Duration> locked = tracker.lockedOut(sourceAddress, keyId);
    if (locked.isPresent()) {
      metrics.authFailure("locked_out", kind(keyId));
    }
    return locked;
  }

  @Override
  public void failed(String sourceAddress, Optional<String> keyId, String reason) {
    metrics.authFailure(reason, kind(keyId));
    tracker.recordFailure(sourceAddress, keyId);
  }

  @Override
  public void succeeded(String sourceAddress, Principal principal) {
    metrics.authSuccess(
        principal.kind() == Principal.Kind.JWT
            ? FirewallMetrics.CREDENTIAL_JWT
            : FirewallMetrics.CREDENTIAL_API_KEY);
    tracker.recordSuccess(sourceAddress, principal.keyId());
  }

  /**
   * A failure names a key id when the credential was an API key. Without one it was a token, an
   * unrecognised credential or none at all: {@link AuthAttempts#failed} does not say which kind,
   * only the reason does, so those count as {@link FirewallMetrics#CREDENTIAL_UNKNOWN}.
   */
  private static String kind(Optional<String> keyId) {
    return keyId.isPresent()
        ? FirewallMetrics.CREDENTIAL_API_KEY
        : FirewallMetrics.CREDENTIAL_UNKNOWN;
  }
}
