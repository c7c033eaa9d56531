package dev.mcpfirewall.auth.apikey;

import dev.mcpfirewall.auth.Principal;
import dev.mcpfirewall.config.AuthConfig.ApiKeyConfig;
import dev.mcpfirewall.config.AuthConfig.KeyPolicy;
import dev.mcpfirewall.config.AuthConfig.KeyScopes;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;

/**
 * One key as the registry holds it in memory: immutable except for its last use and its
 * verification cache. Revoking or rotating replaces the entry; the last-use counter carries over.
 * Everything the hot path needs (the end of validity and why, the parsed CIDRs, the principal) is
 * computed once here.
 */
final class KeyEntry {
  private static final long LAST_USED_RESOLUTION_MILLIS = 1000;

  final String id;
  final String hash;
  final byte[] digest;
  final String owner;
  final List<String> roles;
  final KeyScopes scopes;
  final KeySource source;
  final Instant created;
  final Optional<Instant> explicitExpires;
  final Optional<Instant> revokedAt;
  final Optional<String> rotatedTo;
  final Optional<Instant> graceUntil;
  private final AtomicLong lastUsedMillis;

  /** The earlier of the explicit expiry and created plus the maximum age. */
  final Instant expires;

  final boolean revoked;
  final long notAfterMillis;
  final KeyRejection notAfterReason;
  private final List<Cidr> sourceCidrs;
  final Verification accepted;

  /** A digest of the last secret that verified, so a repeat costs a digest, not an HMAC. */
  private volatile byte[] verifiedSecret;

  private KeyEntry(
      String id,
      String hash,
      String owner,
      List<String> roles,
      KeyScopes scopes,
      KeySource source,
      Instant created,
      Optional<Instant> explicitExpires,
      Optional<Instant> revokedAt,
      Optional<String> rotatedTo,
      Optional<Instant> graceUntil,
      AtomicLong lastUsedMillis,
      KeyPolicy policy) {
    this.id = id;
    this.hash = hash;
    this.digest = KeyPepper.parseHash(hash);
    this.owner = owner;
    this.roles = List.copyOf(roles);
    this.scopes = scopes;
    this.source = source;
    this.created = created;
    this.explicitExpires = explicitExpires;
    this.revokedAt = revokedAt;
    this.rotatedTo = rotatedTo;
    this.graceUntil = graceUntil;
    this.lastUsedMillis = lastUsedMillis;
    this.sourceCidrs = scopes.sourceCidrs().stream().map(Cidr::parse).toList();

    Instant maxAgeEnd = created.plus(policy.maxAge());
    Instant end = maxAgeEnd;
    KeyRejection why = KeyRejection.MAX_AGE_EXCEEDED;
    if (explicitExpires.isPresent() && !explicitExpires.get().isAfter(end)) {
      end = explicitExpires.get();
      why = KeyRejection.EXPIRED;
    }
    this.expires = end;
    if (graceUntil.isPresent() && graceUntil.get().isBefore(end)) {
      end = graceUntil.get();
      why = KeyRejection.ROTATED_OUT;
    }
    this.notAfterMillis = end.toEpochMilli();
    this.notAfterReason = why;
    this.revoked = revokedAt.isPresent();
    this.accepted =
        Verification.accepted(
            new Principal(
                "key-owner:" + owner,
                Principal.Kind.API_KEY,
                Optional.of(id),
                Set.copyOf(roles),
                scopes));
  }

  static KeyEntry runtime(StoredApiKey key, KeyPolicy policy) {
    return new KeyEntry(
        key.id(),
        key.hash(),
        key.owner(),
        key.roles(),
        key.scopes(),
        KeySource.RUNTIME,
        key.created(),
        Optional.of(key.expires()),
        key.revokedAt(),
        key.rotatedTo(),
        key.graceUntil(),
        new AtomicLong(key.lastUsed().map(Instant::toEpochMilli).orElse(0L)),
        policy);
  }

  static KeyEntry config(ApiKeyConfig key, Instant firstSeen, KeyPolicy policy) {
    return new KeyEntry(
        key.id(),
        key.hash(),
        key.owner(),
        key.roles(),
        key.scopes(),
        KeySource.CONFIG,
        firstSeen,
        key.expires(),
        Optional.empty(),
        Optional.empty(),
        Optional.empty(),
        new AtomicLong(),
        policy);
  }

  KeyEntry revoked(Instant at, KeyPolicy policy) {
    return new KeyEntry(
        id,
        hash,
        owner,
        roles,
        scopes,
        source,
        created,
        explicitExpires,
        Optional.of(at),
        rotatedTo,
        graceUntil,
        lastUsedMillis,
        policy);
  }

  KeyEntry rotated(String to, Instant until, KeyPolicy policy) {
    return new KeyEntry(
        id,
        hash,
        owner,
        roles,
        scopes,
        source,
        created,
        explicitExpires,
        revokedAt,
        Optional.of(to),
        Optional.of(until),
        lastUsedMillis,
        policy);
  }

  /** Whether {@code secretDigest} is the digest of the secret that last verified. */
  boolean verifiedBefore(byte[] secretDigest) {
    byte[] known = verifiedSecret;
    return known != null && MessageDigest.isEqual(known, secretDigest);
  }

  void rememberVerified(byte[] secretDigest) {
    verifiedSecret = secretDigest;
  }

  boolean allowsSource(String address) {
    if (sourceCidrs.isEmpty()) {
      return true;
    }
    for (Cidr cidr : sourceCidrs) {
      if (cidr.contains(address)) {
        return true;
      }
    }
    return false;
  }

  /**
   * Records a use at {@code nowMillis}, to the second: most requests only read the counter, so
   * event loops sharing a key do not fight over its cache line.
   *
   * @return whether the recorded time changed
   */
  boolean touch(long nowMillis) {
    if (nowMillis - lastUsedMillis.get() < LAST_USED_RESOLUTION_MILLIS) {
      return false;
    }
    lastUsedMillis.set(nowMillis);
    return true;
  }

  Optional<Instant> lastUsed() {
    long millis = lastUsedMillis.get();
    return millis == 0 ? Optional.empty() : Optional.of(Instant.ofEpochMilli(millis));
  }

  /** The explicit expiry a rotation carries over as a time to live, or the maximum age. */
  Duration timeToLive(KeyPolicy policy) {
    Duration ttl = explicitExpires.map(e -> Duration.between(created, e)).orElse(policy.maxAge());
    return ttl.compareTo(policy.maxAge()) > 0 || ttl.isNegative() || ttl.isZero()
        ? policy.maxAge()
        : ttl;
  }

  ApiKeyMetadata metadata() {
    return new ApiKeyMetadata(
        id,
        owner,
        roles,
        scopes,
        source,
        created,
        expires,
        lastUsed(),
        revokedAt,
        rotatedTo,
        graceUntil);
  }

  /** The form a runtime key is stored in. */
  StoredApiKey stored() {
    return new StoredApiKey(
        id,
        hash,
        owner,
        roles,
        scopes,
        created,
        explicitExpires.orElse(expires),
        lastUsed(),
        revokedAt,
        rotatedTo,
        graceUntil);
  }
}
