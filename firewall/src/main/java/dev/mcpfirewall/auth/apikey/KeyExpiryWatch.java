package dev.mcpfirewall.auth.apikey;

import dev.mcpfirewall.alert.Alert;
import dev.mcpfirewall.alert.AlertSink;
import io.vertx.core.Vertx;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

/**
 * Warns before API keys stop working. At start and then every period it sends, to an {@link
 * AlertSink}:
 *
 * <ul>
 *   <li>{@code key.expiring} (WARNING) once for each key that enters the expiry warning window
 *       ({@code auth.keyPolicy.expiryWarning} before its expiry, which includes the maximum age);
 *   <li>{@code key.expired} (WARNING) once for each key that has expired within that window's
 *       length before now, so a restart does not repeat alerts about keys long gone.
 * </ul>
 *
 * Revoked and rotated keys are left out: their end was decided by an administrator. Which keys were
 * alerted is remembered in memory: after a restart, a key still in its window is alerted once more.
 * Attributes: {@code id}, {@code owner}, {@code expires}, {@code source}.
 */
public final class KeyExpiryWatch {

  /** How often keys are checked. */
  public static final Duration DEFAULT_PERIOD = Duration.ofHours(1);

  public static final String EXPIRING = "key.expiring";
  public static final String EXPIRED = "key.expired";

  private final Vertx vertx;
  private final ApiKeyRegistry registry;
  private final AlertSink alerts;
  private final Clock clock;
  private final Duration period;
  private final Set<String> warned = new HashSet<>();
  private final Set<String> expired = new HashSet<>();
  private long timer = -1;

  public KeyExpiryWatch(
      Vertx vertx, ApiKeyRegistry registry, AlertSink alerts, Clock clock, Duration period) {
    if (period.isNegative() || period.isZero()) {
      throw new IllegalArgumentException("the check period must be positive");
    }
    this.vertx = vertx;
    this.registry = registry;
    this.alerts = alerts;
    this.clock = clock;
    this.period = period;
  }

  /** Checks now and then every period, until {@link #stop}. */
  public synchronized void start() {
    if (timer >= 0) {
      return;
    }
    check();
    timer = vertx.setPeriodic(period.toMillis(), t -> check());
  }

  public synchronized void stop() {
    if (timer >= 0) {
      vertx.cancelTimer(timer);
      timer = -1;
    }
  }

  /** One pass over the keys; sends the alerts not sent before. */
  public synchronized void check() {
    Instant now = clock.instant();
    Duration window = registry.policy().expiryWarning();
    for (ApiKeyMetadata key : registry.list()) {
      if (key.revokedAt().isPresent() || key.rotatedTo().isPresent()) {
        continue;
      }
      Instant expires = key.expires();
      String mark = key.id() + "@" + expires;
      if (!now.isBefore(expires)) {
        if (now.isBefore(expires.plus(window)) && expired.add(mark)) {
          alerts.send(
              alert(EXPIRED, key, "API key %s of %s expired at %s; clients using it fail", now));
        }
      } else if (!now.isBefore(expires.minus(window)) && warned.add(mark)) {
        alerts.send(
            alert(EXPIRING, key, "API key %s of %s expires at %s; rotate or replace it", now));
      }
    }
  }

  private static Alert alert(String type, ApiKeyMetadata key, String summary, Instant now) {
    return new Alert(
        type,
        Alert.Severity.WARNING,
        String.format(summary, key.id(), key.owner(), key.expires()),
        Map.of(
            "id", key.id(),
            "owner", key.owner(),
            "expires", key.expires().toString(),
            "source", key.source().label()),
        now);
  }
}
