package dev.mcpfirewall.auth.jwt;

import dev.mcpfirewall.auth.Principal;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Tokens verified recently, so that an agent's every request does not pay for a signature check.
 * Keyed by the token's SHA-256 (the token itself is never kept); an entry lives until the token
 * expires or {@link #MAX_TTL}, whichever is first. Bounded: when full, expired entries are swept,
 * and if that is not enough the cache starts over. Each entry remembers the key set generation it
 * was verified under and only answers for that generation, so a withdrawn key stops working as soon
 * as the keys change.
 */
final class VerifiedTokenCache {
  static final Duration MAX_TTL = Duration.ofSeconds(60);
  static final int DEFAULT_MAX_ENTRIES = 10_000;

  private static final ThreadLocal<MessageDigest> SHA_256 =
      ThreadLocal.withInitial(VerifiedTokenCache::sha256);

  private record Entry(Principal principal, long expiresAtMillis, Object generation) {}

  private final ConcurrentHashMap<ByteBuffer, Entry> entries = new ConcurrentHashMap<>();
  private final int maxEntries;
  private final Clock clock;

  VerifiedTokenCache(int maxEntries, Clock clock) {
    if (maxEntries < 1) {
      throw new IllegalArgumentException("maxEntries must be positive");
    }
    this.maxEntries = maxEntries;
    this.clock = clock;
  }

  static ByteBuffer key(String token) {
    MessageDigest digest = SHA_256.get();
    digest.reset();
    return ByteBuffer.wrap(digest.digest(token.getBytes(StandardCharsets.US_ASCII)));
  }

  /**
   * The principal verified for this token under this key generation, if cached and still fresh;
   * null otherwise.
   */
  Principal get(ByteBuffer key, Object generation) {
    Entry entry = entries.get(key);
    if (entry == null) {
      return null;
    }
    if (entry.generation() != generation || clock.millis() >= entry.expiresAtMillis()) {
      entries.remove(key, entry);
      return null;
    }
    return entry.principal();
  }

  /**
   * Remembers a verified token until {@code tokenExpiry} or {@link #MAX_TTL}, whichever is first.
   */
  void put(ByteBuffer key, Principal principal, long tokenExpiryEpochSeconds, Object generation) {
    long now = clock.millis();
    long expiryMillis =
        tokenExpiryEpochSeconds > Long.MAX_VALUE / 1000
            ? Long.MAX_VALUE
            : tokenExpiryEpochSeconds * 1000;
    long until = Math.min(expiryMillis, now + MAX_TTL.toMillis());
    if (until <= now) {
      return;
    }
    if (entries.size() >= maxEntries) {
      entries.values().removeIf(e -> now >= e.expiresAtMillis());
      if (entries.size() >= maxEntries) {
        entries.clear();
      }
    }
    entries.put(key, new Entry(principal, until, generation));
  }

  void clear() {
    entries.clear();
  }

  int size() {
    return entries.size();
  }

  private static MessageDigest sha256() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is required of every Java platform", e);
    }
  }
}
