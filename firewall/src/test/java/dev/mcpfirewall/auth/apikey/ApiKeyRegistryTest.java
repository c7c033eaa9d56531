package dev.mcpfirewall.auth.apikey;

import static dev.mcpfirewall.auth.apikey.Keys.await;
import static dev.mcpfirewall.auth.apikey.Keys.failure;
import static org.assertj.core.api.Assertions.assertThat;

import dev.mcpfirewall.auth.Principal;
import dev.mcpfirewall.auth.apikey.KeyOperationException.Reason;
import dev.mcpfirewall.config.AuthConfig.ApiKeyConfig;
import dev.mcpfirewall.config.AuthConfig.KeyPolicy;
import dev.mcpfirewall.config.AuthConfig.KeyScopes;
import dev.mcpfirewall.config.ConfigException;
import dev.mcpfirewall.pipeline.FailureKind;
import dev.mcpfirewall.pipeline.FirewallFailure;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.junit5.VertxExtension;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(VertxExtension.class)
@Timeout(60)
class ApiKeyRegistryTest {
  private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");
  private static final String SOURCE = "127.0.0.1";
  private static final KeyPolicy POLICY =
      new KeyPolicy(Duration.ofDays(90), Duration.ofDays(14), Duration.ofHours(24));

  private record Rejected(String keyId, KeyRejection reason) {}

  private final MutableClock clock = new MutableClock(T0);
  private final RecordingKeyStore store = new RecordingKeyStore();
  private final List<Rejected> rejections = Collections.synchronizedList(new ArrayList<>());
  private Vertx vertx;
  private ApiKeyRegistry registry;
  private ApiKeyAuthenticator authenticator;

  @BeforeEach
  void open(Vertx vertx) {
    this.vertx = vertx;
    reopen(List.of(), POLICY);
  }

  @AfterEach
  void close() {
    await(registry.close());
  }

  private void reopen(List<ApiKeyConfig> declared, KeyPolicy policy) {
    if (registry != null) {
      await(registry.close());
    }
    registry = Keys.open(vertx, declared, policy, store, clock);
    authenticator =
        new ApiKeyAuthenticator(registry, (id, why) -> rejections.add(new Rejected(id, why)));
  }

  private CreatedApiKey create(String owner, KeyScopes scopes, Optional<Duration> ttl) {
    return await(registry.create(owner, List.of("reader", "auditor"), scopes, ttl));
  }

  private CreatedApiKey create() {
    return create("alice", KeyScopes.unrestricted(), Optional.empty());
  }

  private Principal accepted(String key) {
    return Keys.authenticate(authenticator, key, SOURCE);
  }

  /** Asserts the generic refusal and returns the precise reason the listener got. */
  private KeyRejection refused(String key, String source) {
    int before = rejections.size();
    Throwable failure = failure(authenticator.authenticate(key, source));
    assertThat(failure)
        .isInstanceOf(FirewallFailure.class)
        .hasMessage("invalid or expired API key");
    assertThat(((FirewallFailure) failure).kind()).isEqualTo(FailureKind.UNAUTHENTICATED);
    assertThat(rejections).hasSize(before + 1);
    return rejections.get(before).reason();
  }

  private KeyRejection refused(String key) {
    return refused(key, SOURCE);
  }

  private static String secretOf(String key) {
    return ApiKeyFormat.parse(key).orElseThrow().secret();
  }

  @Test
  void aCreatedKeyAuthenticatesAsItsOwnerWithItsRolesAndScopes() {
    KeyScopes scopes =
        new KeyScopes(List.of("notes"), List.of("read_*"), List.of("read-only"), List.of());
    CreatedApiKey created = create("alice", scopes, Optional.empty());
    String id = created.metadata().id();

    assertThat(created.key()).startsWith("mcpfw_" + id + "_");
    assertThat(authenticator.accepts(created.key())).isTrue();
    assertThat(authenticator.keyId(created.key())).contains(id);
    Principal principal = accepted(created.key());
    assertThat(principal.id()).isEqualTo("key-owner:alice");
    assertThat(principal.kind()).isEqualTo(Principal.Kind.API_KEY);
    assertThat(principal.keyId()).contains(id);
    assertThat(principal.roles()).containsExactlyInAnyOrder("reader", "auditor");
    assertThat(principal.scopes()).isEqualTo(scopes);
    // A second use takes the cached path and gives the same answer.
    assertThat(accepted(created.key())).isEqualTo(principal);
    assertThat(rejections).isEmpty();

    ApiKeyMetadata metadata = registry.get(id).orElseThrow();
    assertThat(metadata.owner()).isEqualTo("alice");
    assertThat(metadata.source()).isEqualTo(KeySource.RUNTIME);
    assertThat(metadata.created()).isEqualTo(T0);
    assertThat(metadata.expires()).isEqualTo(T0.plus(POLICY.maxAge()));
    assertThat(metadata.status(clock.instant())).isEqualTo(ApiKeyMetadata.Status.ACTIVE);
    assertThat(registry.list()).containsExactly(metadata);
    String hash = store.content.get().keys().get(0).hash();
    assertThat(metadata.toString()).doesNotContain(hash).doesNotContain(secretOf(created.key()));
    assertThat(created.toString()).doesNotContain(created.key());
  }

  @Test
  void tokensOfOtherKindsAreNotClaimed() {
    assertThat(authenticator.accepts("eyJhbGciOiJSUzI1NiJ9.e30.c2ln")).isFalse();
    assertThat(authenticator.accepts(null)).isFalse();
    assertThat(authenticator.keyId("mcpfw_garbage")).isEmpty();
  }

  @Test
  void wrongSecretUnknownIdAndMalformedKeysGetTheSameAnswerButDifferentReasons() {
    CreatedApiKey created = create();
    String id = created.metadata().id();
    String secret = secretOf(created.key());
    String otherSecret = ApiKeyFormat.randomSecret(new SecureRandom());

    assertThat(refused(ApiKeyFormat.format(id, otherSecret))).isEqualTo(KeyRejection.WRONG_SECRET);
    assertThat(refused(ApiKeyFormat.format("nosuchkey123", secret)))
        .isEqualTo(KeyRejection.UNKNOWN_KEY);
    assertThat(refused("mcpfw_" + id)).isEqualTo(KeyRejection.MALFORMED);
    assertThat(rejections).extracting(Rejected::keyId).containsExactly(id, "nosuchkey123", "");
    // The real key still works after the failures, and a wrong secret after a success too.
    accepted(created.key());
    assertThat(refused(ApiKeyFormat.format(id, otherSecret))).isEqualTo(KeyRejection.WRONG_SECRET);
  }

  @Test
  void aKeyStopsAtItsExpiry() {
    CreatedApiKey created =
        create("bob", KeyScopes.unrestricted(), Optional.of(Duration.ofHours(1)));
    assertThat(created.metadata().expires()).isEqualTo(T0.plus(Duration.ofHours(1)));
    clock.advance(Duration.ofMinutes(59));
    accepted(created.key());
    clock.advance(Duration.ofMinutes(1));
    assertThat(refused(created.key())).isEqualTo(KeyRejection.EXPIRED);
    assertThat(registry.get(created.metadata().id()).orElseThrow().status(clock.instant()))
        .isEqualTo(ApiKeyMetadata.Status.EXPIRED);
  }

  @Test
  void aTimeToLiveBeyondTheMaximumAgeIsRefused() {
    Throwable failure =
        failure(
            registry.create(
                "bob",
                List.of("reader"),
                KeyScopes.unrestricted(),
                Optional.of(Duration.ofDays(91))));
    assertThat(failure).isInstanceOf(KeyOperationException.class).hasMessageContaining("90 days");
    assertThat(((KeyOperationException) failure).reason()).isEqualTo(Reason.INVALID);
  }

  @Test
  void aDeclaredKeyOlderThanTheMaximumAgeIsRefusedEvenIfItsExpiryIsLater() {
    String secret = ApiKeyFormat.randomSecret(new SecureRandom());
    ApiKeyConfig ci = declared("ci", secret, Optional.of(T0.plus(Duration.ofDays(365))));
    reopen(List.of(ci), POLICY);
    assertThat(registry.get("ci").orElseThrow().created()).isEqualTo(T0);
    assertThat(registry.get("ci").orElseThrow().expires()).isEqualTo(T0.plus(POLICY.maxAge()));
    accepted(ApiKeyFormat.format("ci", secret));

    // Restarts do not reset the age: the first sighting is kept in the key store.
    clock.advance(Duration.ofDays(60));
    reopen(List.of(ci), POLICY);
    assertThat(registry.get("ci").orElseThrow().created()).isEqualTo(T0);
    accepted(ApiKeyFormat.format("ci", secret));
    clock.advance(Duration.ofDays(30));
    assertThat(refused(ApiKeyFormat.format("ci", secret))).isEqualTo(KeyRejection.MAX_AGE_EXCEEDED);

    // A new secret under the same id is a new key, whose age starts now.
    String replaced = ApiKeyFormat.randomSecret(new SecureRandom());
    reopen(List.of(declared("ci", replaced, Optional.empty())), POLICY);
    accepted(ApiKeyFormat.format("ci", replaced));
    assertThat(registry.get("ci").orElseThrow().created()).isEqualTo(clock.instant());
  }

  @Test
  void aShorterMaximumAgeAppliesToKeysCreatedUnderALongerOne() {
    CreatedApiKey created = create();
    clock.advance(Duration.ofDays(31));
    accepted(created.key());
    reopen(
        List.of(),
        new KeyPolicy(Duration.ofDays(30), POLICY.expiryWarning(), POLICY.rotationGrace()));
    assertThat(refused(created.key())).isEqualTo(KeyRejection.MAX_AGE_EXCEEDED);
  }

  @Test
  void aRevokedKeyIsRefusedAtOnce() {
    CreatedApiKey created = create();
    String id = created.metadata().id();
    accepted(created.key());
    clock.advance(Duration.ofMinutes(5));
    ApiKeyMetadata revoked = await(registry.revoke(id));
    assertThat(revoked.revokedAt()).contains(T0.plus(Duration.ofMinutes(5)));
    assertThat(revoked.status(clock.instant())).isEqualTo(ApiKeyMetadata.Status.REVOKED);
    assertThat(refused(created.key())).isEqualTo(KeyRejection.REVOKED);
    assertThat(store.content.get().keys().get(0).revokedAt()).isPresent();
    // Revoking again changes nothing; rotating a revoked key is refused.
    assertThat(await(registry.revoke(id)).revokedAt()).isEqualTo(revoked.revokedAt());
    assertThat(reason(registry.rotate(id))).isEqualTo(Reason.NOT_ACTIVE);
    assertThat(reason(registry.revoke("nosuchkey123"))).isEqualTo(Reason.NOT_FOUND);
  }

  @Test
  void aWrongSecretForARevokedKeyIsReportedAsAWrongSecret() {
    CreatedApiKey created = create();
    await(registry.revoke(created.metadata().id()));
    String guess =
        ApiKeyFormat.format(created.metadata().id(), ApiKeyFormat.randomSecret(new SecureRandom()));
    assertThat(refused(guess)).isEqualTo(KeyRejection.WRONG_SECRET);
  }

  @Test
  void aRotatedKeyWorksThroughItsGraceThenOnlyTheNewOneWorks() {
    CreatedApiKey old = create("carol", KeyScopes.unrestricted(), Optional.of(Duration.ofDays(30)));
    String oldId = old.metadata().id();
    clock.advance(Duration.ofDays(1));
    CreatedApiKey rotated = await(registry.rotate(oldId));
    String newId = rotated.metadata().id();

    assertThat(newId).isNotEqualTo(oldId);
    assertThat(rotated.metadata().owner()).isEqualTo("carol");
    assertThat(rotated.metadata().roles()).isEqualTo(old.metadata().roles());
    assertThat(rotated.metadata().expires()).isEqualTo(clock.instant().plus(Duration.ofDays(30)));
    ApiKeyMetadata retiring = registry.get(oldId).orElseThrow();
    assertThat(retiring.rotatedTo()).contains(newId);
    assertThat(retiring.graceUntil()).contains(clock.instant().plus(POLICY.rotationGrace()));
    assertThat(retiring.status(clock.instant())).isEqualTo(ApiKeyMetadata.Status.ROTATED);

    Principal before = accepted(old.key());
    Principal after = accepted(rotated.key());
    assertThat(after.id()).isEqualTo(before.id()).isEqualTo("key-owner:carol");
    assertThat(after.keyId()).contains(newId);

    clock.advance(POLICY.rotationGrace().minusSeconds(1));
    accepted(old.key());
    clock.advance(Duration.ofSeconds(1));
    assertThat(refused(old.key())).isEqualTo(KeyRejection.ROTATED_OUT);
    accepted(rotated.key());
    assertThat(reason(registry.rotate(oldId))).isEqualTo(Reason.NOT_ACTIVE);
  }

  @Test
  void declaredKeysCannotBeRevokedOrRotatedAtRunTime() {
    String secret = ApiKeyFormat.randomSecret(new SecureRandom());
    reopen(List.of(declared("ci", secret, Optional.empty())), POLICY);
    Throwable revoke = failure(registry.revoke("ci"));
    assertThat(revoke).hasMessageContaining("configuration file");
    assertThat(((KeyOperationException) revoke).reason()).isEqualTo(Reason.CONFIG_KEY);
    assertThat(reason(registry.rotate("ci"))).isEqualTo(Reason.CONFIG_KEY);
    accepted(ApiKeyFormat.format("ci", secret));
    assertThat(registry.get("ci").orElseThrow().source()).isEqualTo(KeySource.CONFIG);
  }

  @Test
  void aChosenIdIsUsedOnceAndCannotBeTakenAgain() {
    CreatedApiKey ci =
        await(
            registry.create(
                Optional.of("ci"),
                "ci",
                List.of("admin"),
                KeyScopes.unrestricted(),
                Optional.empty()));
    assertThat(ci.key()).startsWith("mcpfw_ci_");
    accepted(ci.key());
    assertThat(
            reason(
                registry.create(
                    Optional.of("ci"),
                    "x",
                    List.of("admin"),
                    KeyScopes.unrestricted(),
                    Optional.empty())))
        .isEqualTo(Reason.ALREADY_EXISTS);
    assertThat(
            reason(
                registry.create(
                    Optional.of("Not_Valid"),
                    "x",
                    List.of("admin"),
                    KeyScopes.unrestricted(),
                    Optional.empty())))
        .isEqualTo(Reason.INVALID);
  }

  @Test
  void unusableArgumentsAreRefused() {
    assertThat(
            reason(
                registry.create(
                    " ", List.of("reader"), KeyScopes.unrestricted(), Optional.empty())))
        .isEqualTo(Reason.INVALID);
    assertThat(reason(registry.create("x", List.of(), KeyScopes.unrestricted(), Optional.empty())))
        .isEqualTo(Reason.INVALID);
    KeyScopes badCidr = new KeyScopes(List.of(), List.of(), List.of(), List.of("10.0.0.0/33"));
    assertThat(reason(registry.create("x", List.of("reader"), badCidr, Optional.empty())))
        .isEqualTo(Reason.INVALID);
    assertThat(registry.list()).isEmpty();
  }

  @Test
  void sourceCidrsRestrictWhereAKeyMayBeUsedFrom() {
    KeyScopes scopes =
        new KeyScopes(List.of(), List.of(), List.of(), List.of("10.0.0.0/8", "2001:db8::/32"));
    CreatedApiKey created = create("dave", scopes, Optional.empty());
    for (String allowed : List.of("10.1.2.3", "::ffff:10.0.0.1", "2001:db8::5")) {
      assertThat(Keys.authenticate(authenticator, created.key(), allowed)).isNotNull();
    }
    for (String denied : List.of("192.168.1.1", "127.0.0.1", "::1", "2001:db9::1", "")) {
      assertThat(refused(created.key(), denied))
          .as(denied)
          .isEqualTo(KeyRejection.SOURCE_NOT_ALLOWED);
    }
    assertThat(refused(created.key(), null)).isEqualTo(KeyRejection.SOURCE_NOT_ALLOWED);
  }

  @Test
  void lastUseIsKeptInMemoryAndWrittenOnlyWhenFlushed() {
    CreatedApiKey created = create();
    int savesAfterCreate = store.saves.get();
    for (int i = 0; i < 1000; i++) {
      accepted(created.key());
      if (i % 100 == 0) {
        clock.advance(Duration.ofSeconds(2));
      }
    }
    assertThat(store.saves.get()).isEqualTo(savesAfterCreate);
    Instant lastUsed = registry.get(created.metadata().id()).orElseThrow().lastUsed().orElseThrow();
    assertThat(lastUsed).isEqualTo(clock.instant());
    assertThat(store.content.get().keys().get(0).lastUsed()).isEmpty();

    await(registry.flushUsage());
    assertThat(store.saves.get()).isEqualTo(savesAfterCreate + 1);
    assertThat(store.content.get().keys().get(0).lastUsed()).contains(lastUsed);
    await(registry.flushUsage());
    assertThat(store.saves.get()).isEqualTo(savesAfterCreate + 1);
  }

  @Test
  void declaredKeysAuthenticateAndUnusableOnesStopTheStart() {
    String secret = ApiKeyFormat.randomSecret(new SecureRandom());
    KeyScopes scopes = new KeyScopes(List.of("*"), List.of("*"), List.of(), List.of());
    ApiKeyConfig ci =
        new ApiKeyConfig(
            "ci",
            KeyPepper.of(Keys.PEPPER).hash(secret),
            "ci-pipeline",
            List.of("admin"),
            scopes,
            Optional.empty());
    reopen(List.of(ci), POLICY);
    Principal principal = accepted(ApiKeyFormat.format("ci", secret));
    assertThat(principal.id()).isEqualTo("key-owner:ci-pipeline");
    assertThat(principal.roles()).containsExactly("admin");

    ApiKeyConfig badHash =
        new ApiKeyConfig(
            "bad", "sha1:xyz", "o", List.of("reader"), KeyScopes.unrestricted(), Optional.empty());
    ApiKeyConfig badCidr =
        new ApiKeyConfig(
            "cidr",
            ci.hash(),
            "o",
            List.of("reader"),
            new KeyScopes(List.of(), List.of(), List.of(), List.of("10.0.0.1/8")),
            Optional.empty());
    Throwable failure =
        failure(
            ApiKeyRegistry.open(
                vertx,
                Keys.auth(List.of(ci, badHash, badCidr, ci), POLICY),
                KeyPepper.of(Keys.PEPPER),
                new RecordingKeyStore(),
                clock,
                new SecureRandom()));
    assertThat(failure).isInstanceOf(ConfigException.class);
    assertThat(((ConfigException) failure).problems())
        .anySatisfy(
            p ->
                assertThat(p)
                    .contains("/auth/apiKeys/1 (id 'bad')", "hash must start with hmac-sha256:"))
        .anySatisfy(p -> assertThat(p).contains("/auth/apiKeys/2", "did you mean 10.0.0.0/8"))
        .anySatisfy(p -> assertThat(p).contains("/auth/apiKeys/3", "same id"));
  }

  @Test
  void aRuntimeKeyWithTheIdOfADeclaredKeyStopsTheStart() {
    await(
        registry.create(
            Optional.of("ci"),
            "ci",
            List.of("reader"),
            KeyScopes.unrestricted(),
            Optional.empty()));
    String secret = ApiKeyFormat.randomSecret(new SecureRandom());
    Throwable failure =
        failure(
            ApiKeyRegistry.open(
                vertx,
                Keys.auth(List.of(declared("ci", secret, Optional.empty())), POLICY),
                KeyPepper.of(Keys.PEPPER),
                store,
                clock,
                new SecureRandom()));
    assertThat(failure)
        .hasMessageContaining("'ci'")
        .hasMessageContaining("also exists in the key store");
  }

  @Test
  void concurrentCreationsAllLandInTheStore() {
    List<Future<CreatedApiKey>> futures =
        IntStream.range(0, 40)
            .mapToObj(
                i ->
                    registry.create(
                        "owner-" + i,
                        List.of("reader"),
                        KeyScopes.unrestricted(),
                        Optional.empty()))
            .toList();
    List<CreatedApiKey> created = futures.stream().map(Keys::await).toList();
    assertThat(created.stream().map(c -> c.metadata().id()).distinct()).hasSize(40);
    assertThat(store.content.get().keys()).hasSize(40);
    created.forEach(c -> accepted(c.key()));
  }

  @Test
  void refusalsCostAboutTheSameWhetherOrNotTheIdExists() {
    CreatedApiKey created = create();
    String id = created.metadata().id();
    SecureRandom random = new SecureRandom();
    List<String> wrongSecret = new ArrayList<>();
    List<String> unknownId = new ArrayList<>();
    for (int i = 0; i < 64; i++) {
      wrongSecret.add(ApiKeyFormat.format(id, ApiKeyFormat.randomSecret(random)));
      unknownId.add(
          ApiKeyFormat.format(ApiKeyFormat.randomId(random), ApiKeyFormat.randomSecret(random)));
    }
    // Interleaved medians, a few tries: a missing HMAC on one path would make it several times
    // cheaper than the other.
    double ratio = 0;
    for (int attempt = 0; attempt < 3; attempt++) {
      long[] wrong = new long[4000];
      long[] unknown = new long[4000];
      for (int i = 0; i < wrong.length; i++) {
        wrong[i] = time(wrongSecret.get(i % 64));
        unknown[i] = time(unknownId.get(i % 64));
      }
      ratio = (double) median(unknown) / median(wrong);
      if (ratio > 0.6 && ratio < 1.6) {
        break;
      }
    }
    assertThat(ratio).isBetween(0.6, 1.6);
  }

  @Test
  void aKnownKeyIsVerifiedInAFewMicroseconds() {
    CreatedApiKey created = create();
    ApiKeyFormat.Parsed parsed = ApiKeyFormat.parse(created.key()).orElseThrow();
    for (int i = 0; i < 50_000; i++) {
      registry.verify(parsed.id(), parsed.secret(), SOURCE);
    }
    int n = 200_000;
    long start = System.nanoTime();
    for (int i = 0; i < n; i++) {
      authenticator.authenticate(created.key(), SOURCE);
    }
    double micros = (System.nanoTime() - start) / 1000.0 / n;
    System.out.printf("API key authentication: %.2f µs per request%n", micros);
    // The target is about 2 µs (measured properly by the JMH benchmark); this only catches a
    // verification that lost its cache or does I/O.
    assertThat(micros).isLessThan(20);
  }

  private long time(String key) {
    ApiKeyFormat.Parsed parsed = ApiKeyFormat.parse(key).orElseThrow();
    long start = System.nanoTime();
    registry.verify(parsed.id(), parsed.secret(), SOURCE);
    return System.nanoTime() - start;
  }

  private static long median(long[] values) {
    long[] sorted = values.clone();
    java.util.Arrays.sort(sorted);
    return sorted[sorted.length / 2];
  }

  private static ApiKeyConfig declared(String id, String secret, Optional<Instant> expires) {
    return new ApiKeyConfig(
        id,
        KeyPepper.of(Keys.PEPPER).hash(secret),
        id,
        List.of("reader"),
        KeyScopes.unrestricted(),
        expires);
  }

  private static Reason reason(Future<?> future) {
    Throwable failure = failure(future);
    assertThat(failure).isInstanceOf(KeyOperationException.class);
    return ((KeyOperationException) failure).reason();
  }
}
