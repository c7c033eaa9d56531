package dev.mcpfirewall.auth;

import java.time.Duration;
import java.util.Optional;

/**
 * What the firewall remembers about authentication attempts: failures are counted (per source
 * address and per key id) to lock out brute force, successes and failures are measured, and the
 * precise reason of a failure is recorded while the client only sees a generic message.
 */
public interface AuthAttempts {

  /** The remaining lockout of this source or key id, if locked out. */
  Optional<Duration> lockedOut(String sourceAddress, Optional<String> keyId);

  /**
   * @param reason a short machine-readable reason (e.g. {@code missing}, {@code malformed}, {@code
   *     rejected})
   */
  void failed(String sourceAddress, Optional<String> keyId, String reason);

  void succeeded(String sourceAddress, Principal principal);

  /** Remembers nothing: for tests of other stages. */
  static AuthAttempts none() {
    return new AuthAttempts() {
      @Override
      public Optional<Duration> lockedOut(String sourceAddress, Optional<String> keyId) {
        return Optional.empty();
      }

      @Override
      public void failed(String sourceAddress, Optional<String> keyId, String reason) {}

      @Override
      public void succeeded(String sourceAddress, Principal principal) {}
    };
  }
}
