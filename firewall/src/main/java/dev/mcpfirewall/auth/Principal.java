package dev.mcpfirewall.auth;

import dev.mcpfirewall.config.AuthConfig.KeyScopes;
import java.util.Optional;
import java.util.Set;

/**
 * A verified caller: who it is, how it proved it, and what it may be granted.
 *
 * @param id a stable identity that sessions are bound to: {@code key-owner:<owner>} for API keys
 *     (so a rotated key keeps its owner's sessions), {@code jwt:<issuer>|<subject>} for tokens
 * @param kind how the caller authenticated
 * @param keyId the API key's public id, for API keys
 * @param roles the roles the caller carries
 * @param scopes what an API key narrows those roles to; unrestricted for JWT callers
 */
public record Principal(
    String id, Kind kind, Optional<String> keyId, Set<String> roles, KeyScopes scopes) {

  public Principal {
    roles = Set.copyOf(roles);
  }

  /** How a principal authenticated. */
  public enum Kind {
    API_KEY,
    JWT
  }
}
