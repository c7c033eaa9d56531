package dev.mcpfirewall.auth.jwt;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mcpfirewall.auth.Principal;
import dev.mcpfirewall.config.AuthConfig.KeyScopes;
import java.nio.ByteBuffer;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

class VerifiedTokenCacheTest {
  private static final Instant START = Instant.parse("2026-01-01T00:00:00Z");
  private static final Principal ALICE =
      new Principal(
          "jwt:https://idp|alice",
          Principal.Kind.JWT,
          Optional.empty(),
          Set.of("reader"),
          KeyScopes.unrestricted());

  private final MutableClock clock = new MutableClock(START);
  private final Object generation = new Object();

  @Test
  void keysAreTheSha256OfTheToken() {
    ByteBuffer key = VerifiedTokenCache.key("a.b.c");

    assertThat(key.remaining()).isEqualTo(32);
    assertThat(key).isEqualTo(VerifiedTokenCache.key("a.b.c"));
    assertThat(key).isNotEqualTo(VerifiedTokenCache.key("a.b.d"));
  }

  @Test
  void entryLivesAtMostSixtySeconds() {
    VerifiedTokenCache cache = new VerifiedTokenCache(10, clock);
    ByteBuffer key = VerifiedTokenCache.key("a.b.c");

    cache.put(key, ALICE, START.plus(Duration.ofHours(1)).getEpochSecond(), generation);
    assertThat(cache.get(key, generation)).isEqualTo(ALICE);

    clock.advance(Duration.ofSeconds(59));
    assertThat(cache.get(key, generation)).isEqualTo(ALICE);
    clock.advance(Duration.ofSeconds(1));
    assertThat(cache.get(key, generation)).isNull();
  }

  @Test
  void entryNeverOutlivesTheToken() {
    VerifiedTokenCache cache = new VerifiedTokenCache(10, clock);
    ByteBuffer key = VerifiedTokenCache.key("a.b.c");

    cache.put(key, ALICE, START.plusSeconds(5).getEpochSecond(), generation);
    clock.advance(Duration.ofSeconds(5));

    assertThat(cache.get(key, generation)).isNull();
    cache.put(key, ALICE, START.getEpochSecond(), generation);
    assertThat(cache.size()).isZero();
  }

  @Test
  void absurdExpiryIsCappedNotOverflowed() {
    VerifiedTokenCache cache = new VerifiedTokenCache(10, clock);
    ByteBuffer key = VerifiedTokenCache.key("a.b.c");

    cache.put(key, ALICE, Long.MAX_VALUE, generation);
    assertThat(cache.get(key, generation)).isEqualTo(ALICE);
    clock.advance(Duration.ofSeconds(60));
    assertThat(cache.get(key, generation)).isNull();
  }

  @Test
  void entryAnswersOnlyForTheKeyGenerationItWasVerifiedUnder() {
    VerifiedTokenCache cache = new VerifiedTokenCache(10, clock);
    ByteBuffer key = VerifiedTokenCache.key("a.b.c");

    cache.put(key, ALICE, START.plusSeconds(300).getEpochSecond(), generation);

    assertThat(cache.get(key, new Object())).isNull();
  }

  @Test
  void sizeIsBounded() {
    VerifiedTokenCache cache = new VerifiedTokenCache(3, clock);
    for (int i = 0; i < 10; i++) {
      cache.put(
          VerifiedTokenCache.key("t" + i),
          ALICE,
          START.plusSeconds(300).getEpochSecond(),
          generation);
      assertThat(cache.size()).isLessThanOrEqualTo(3);
    }
    assertThat(cache.get(VerifiedTokenCache.key("t9"), generation)).isEqualTo(ALICE);
  }

  @Test
  void fullCacheDropsExpiredEntriesFirst() {
    VerifiedTokenCache cache = new VerifiedTokenCache(3, clock);
    cache.put(
        VerifiedTokenCache.key("short"), ALICE, START.plusSeconds(1).getEpochSecond(), generation);
    cache.put(
        VerifiedTokenCache.key("long-1"),
        ALICE,
        START.plusSeconds(300).getEpochSecond(),
        generation);
    cache.put(
        VerifiedTokenCache.key("long-2"),
        ALICE,
        START.plusSeconds(300).getEpochSecond(),
        generation);
    clock.advance(Duration.ofSeconds(2));

    cache.put(
        VerifiedTokenCache.key("new"), ALICE, START.plusSeconds(300).getEpochSecond(), generation);

    assertThat(cache.size()).isEqualTo(3);
    assertThat(cache.get(VerifiedTokenCache.key("long-1"), generation)).isEqualTo(ALICE);
    assertThat(cache.get(VerifiedTokenCache.key("new"), generation)).isEqualTo(ALICE);
  }

  private static final class MutableClock extends Clock {
    private volatile Instant now;

    MutableClock(Instant now) {
      this.now = now;
    }

    void advance(Duration duration) {
      now = now.plus(duration);
    }

    @Override
    public ZoneOffset getZone() {
      return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(java.time.ZoneId zone) {
      return this;
    }

    @Override
    public Instant instant() {
      return now;
    }
  }
}
