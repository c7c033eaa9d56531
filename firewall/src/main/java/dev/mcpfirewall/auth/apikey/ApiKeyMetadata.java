package dev.mcpfirewall.auth.apikey;

import dev.mcpfirewall.config.AuthConfig.KeyScopes;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * What may be shown about an API key: everything except its secret and its hash.
 *
 * @param id the public id
 * @param owner who the key belongs to; the principal is {@code key-owner:<owner>}
 * @param roles the roles it carries
 * @param scopes what it is narrowed to
 * @param source where it was declared
 * @param created when it was created; for a key from the configuration file, when this node first
 *     saw it (the file has no creation time)
 * @param expires when it stops working: the earlier of its explicit expiry and {@code created} plus
 *     the maximum age
 * @param lastUsed the last successful authentication (to the second)
 * @param revokedAt when it was revoked
 * @param rotatedTo the key that replaced it
 * @param graceUntil when a rotated key stops working
 */
public record ApiKeyMetadata(
    String id,
    String owner,
    List<String> roles,
    KeyScopes scopes,
    KeySource source,
    Instant created,
    Instant expires,
    Optional<Instant> lastUsed,
    Optional<Instant> revokedAt,
    Optional<String> rotatedTo,
    Optional<Instant> graceUntil) {

  public ApiKeyMetadata {
    roles = List.copyOf(roles);
  }

  /** Where the key stands at {@code now}. */
  public Status status(Instant now) {
    if (revokedAt.isPresent()) {
      return Status.REVOKED;
    }
    if (!now.isBefore(expires)) {
      return Status.EXPIRED;
    }
    if (graceUntil.isPresent()) {
      return now.isBefore(graceUntil.get()) ? Status.ROTATED : Status.ROTATED_OUT;
    }
    return Status.ACTIVE;
  }

  /** Where a key stands. */
  public enum Status {
    ACTIVE,
    /** Rotated, still working during its grace period. */
    ROTATED,
    ROTATED_OUT,
    EXPIRED,
    REVOKED
  }
}
