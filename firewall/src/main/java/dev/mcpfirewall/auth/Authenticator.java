package dev.mcpfirewall.auth;

import io.vertx.core.Future;

/**
 * Verifies one kind of bearer credential. The firewall asks each authenticator in turn whether a
 * presented token has its shape ({@link #accepts}); the one that does verifies it.
 */
public interface Authenticator {

  /** Whether the token looks like this authenticator's kind (a cheap check, no verification). */
  boolean accepts(String token);

  /**
   * Verifies the token. Fails with a {@code FirewallFailure} of kind {@code UNAUTHENTICATED} whose
   * message says what was wrong without revealing whether a key id exists.
   *
   * @param sourceAddress the client's address, for source-restricted keys
   */
  Future<Principal> authenticate(String token, String sourceAddress);

  /**
   * The public key id the token names, when it has one (API keys do), read without verifying:
   * failures are also counted per key id, to notice guessing against one key from many addresses.
   */
  default java.util.Optional<String> keyId(String token) {
    return java.util.Optional.empty();
  }
}
