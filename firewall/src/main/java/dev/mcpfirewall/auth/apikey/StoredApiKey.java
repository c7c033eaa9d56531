package dev.mcpfirewall.auth.apikey;

import dev.mcpfirewall.config.AuthConfig.KeyScopes;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * A runtime key as the {@link KeyStore} keeps it: its metadata and the keyed hash of its secret,
 * never the secret.
 *
 * @param expires the explicit expiry set at creation (the maximum age may end the key earlier)
 */
public record StoredApiKey(
    String id,
    String hash,
    String owner,
    List<String> roles,
    KeyScopes scopes,
    Instant created,
    Instant expires,
    Optional<Instant> lastUsed,
    Optional<Instant> revokedAt,
    Optional<String> rotatedTo,
    Optional<Instant> graceUntil) {

  public StoredApiKey {
    roles = List.copyOf(roles);
  }
}
