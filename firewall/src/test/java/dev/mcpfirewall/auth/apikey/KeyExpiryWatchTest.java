package dev.mcpfirewall.auth.apikey;

import static dev.mcpfirewall.auth.apikey.Keys.await;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.mcpfirewall.alert.Alert;
import dev.mcpfirewall.config.AuthConfig.ApiKeyConfig;
import dev.mcpfirewall.config.AuthConfig.KeyPolicy;
import dev.mcpfirewall.config.AuthConfig.KeyScopes;
import io.vertx.core.Vertx;
import io.vertx.junit5.VertxExtension;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(VertxExtension.class)
@Timeout(60)
class KeyExpiryWatchTest {
  private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");
  private static final KeyPolicy POLICY =
      new KeyPolicy(Duration.ofDays(90), Duration.ofDays(14), Duration.ofHours(24));

  private final MutableClock clock = new MutableClock(T0);
  private final List<Alert> alerts = Collections.synchronizedList(new ArrayList<>());

  private static String summary(Alert alert) {
    return alert.type() + " " + alert.attributes().get("id");
  }

  private ApiKeyMetadata create(ApiKeyRegistry registry, String id, Duration ttl) {
    return await(
            registry.create(
                Optional.of(id),
                "owner-" + id,
                List.of("reader"),
                KeyScopes.unrestricted(),
                Optional.of(ttl)))
        .metadata();
  }

  @Test
  void eachKeyIsAnnouncedOnceBeforeAndOnceAfterItExpires(Vertx vertx) {
    ApiKeyRegistry registry = Keys.open(vertx, List.of(), POLICY, new RecordingKeyStore(), clock);
    ApiKeyMetadata soon = create(registry, "soon", Duration.ofDays(10));
    create(registry, "later", Duration.ofDays(30));
    create(registry, "far", Duration.ofDays(90));
    create(registry, "revoked", Duration.ofDays(5));
    await(registry.revoke("revoked"));
    create(registry, "rotated", Duration.ofDays(5));
    String successor = await(registry.rotate("rotated")).metadata().id(); // 5 days too
    KeyExpiryWatch watch =
        new KeyExpiryWatch(vertx, registry, alerts::add, clock, Duration.ofHours(1));

    watch.check();
    watch.check();
    assertThat(alerts)
        .extracting(KeyExpiryWatchTest::summary)
        .containsExactlyInAnyOrder("key.expiring soon", "key.expiring " + successor);
    Alert first =
        alerts.stream()
            .filter(a -> "soon".equals(a.attributes().get("id")))
            .findFirst()
            .orElseThrow();
    assertThat(first.severity()).isEqualTo(Alert.Severity.WARNING);
    assertThat(first.time()).isEqualTo(T0);
    assertThat(first.attributes())
        .isEqualTo(
            Map.of(
                "id", "soon",
                "owner", "owner-soon",
                "expires", soon.expires().toString(),
                "source", "runtime"));
    assertThat(first.summary()).contains("soon", "owner-soon", soon.expires().toString());
    alerts.clear();

    clock.advance(Duration.ofDays(17)); // "later" has 13 days left; "soon" expired 7 days ago
    watch.check();
    watch.check();
    assertThat(alerts)
        .extracting(KeyExpiryWatchTest::summary)
        .containsExactlyInAnyOrder(
            "key.expiring later", "key.expired soon", "key.expired " + successor);
    alerts.clear();

    clock.advance(Duration.ofDays(60)); // "later" expired 47 days ago, more than the window
    watch.check();
    assertThat(alerts).extracting(KeyExpiryWatchTest::summary).containsExactly("key.expiring far");
    await(registry.close());
  }

  @Test
  void aKeyFoundLongExpiredAtStartIsNotAnnounced(Vertx vertx) {
    String secret = ApiKeyFormat.randomSecret(new SecureRandom());
    ApiKeyConfig old =
        new ApiKeyConfig(
            "old",
            KeyPepper.of(Keys.PEPPER).hash(secret),
            "o",
            List.of("reader"),
            KeyScopes.unrestricted(),
            Optional.of(T0.minus(Duration.ofDays(30))));
    ApiKeyConfig recent =
        new ApiKeyConfig(
            "recent",
            old.hash(),
            "o",
            List.of("reader"),
            KeyScopes.unrestricted(),
            Optional.of(T0.minus(Duration.ofDays(1))));
    ApiKeyRegistry registry =
        Keys.open(vertx, List.of(old, recent), POLICY, new RecordingKeyStore(), clock);
    new KeyExpiryWatch(vertx, registry, alerts::add, clock, Duration.ofHours(1)).check();
    assertThat(alerts)
        .extracting(KeyExpiryWatchTest::summary)
        .containsExactly("key.expired recent");
    assertThat(alerts.get(0).attributes()).containsEntry("source", "config");
    await(registry.close());
  }

  @Test
  void startChecksAtOnceAndThenPeriodicallyWithoutRepeating(Vertx vertx) throws Exception {
    ApiKeyRegistry registry = Keys.open(vertx, List.of(), POLICY, new RecordingKeyStore(), clock);
    create(registry, "soon", Duration.ofDays(3));
    KeyExpiryWatch watch =
        new KeyExpiryWatch(vertx, registry, alerts::add, clock, Duration.ofMillis(20));
    watch.start();
    assertThat(alerts).extracting(KeyExpiryWatchTest::summary).containsExactly("key.expiring soon");
    clock.advance(Duration.ofDays(3));
    await().atMost(Duration.ofSeconds(5)).until(() -> alerts.size() == 2);
    watch.stop();
    // Further checks, as more periods would run them, announce nothing again.
    for (int i = 0; i < 5; i++) {
      watch.check();
    }
    assertThat(alerts)
        .extracting(KeyExpiryWatchTest::summary)
        .containsExactly("key.expiring soon", "key.expired soon");
    await(registry.close());
  }
}
