package dev.mcpfirewall.auth.lockout;

import dev.mcpfirewall.alert.Alert;
import dev.mcpfirewall.alert.AlertSink;
import dev.mcpfirewall.config.AuthConfig;
import dev.mcpfirewall.metrics.FirewallMetrics;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;

/**
 * Brute-force protection: counts failed authentications per source address and per key id, and
 * locks a subject out once it reaches {@link AuthConfig.Lockout#threshold()} failures within {@link
 * AuthConfig.Lockout#window()}.
 *
 * <p><b>Two kinds of subject.</b> Counting per source address stops one client from guessing.
 * Counting per key id as well detects distributed guessing against one key: a botnet spreading its
 * attempts over many addresses stays under the threshold of each address, but every attempt names
 * the same key id. A source address is counted as itself for IPv4 and by its /64 prefix for IPv6.
 *
 * <p><b>Backoff.</b> The first lockout of a subject lasts {@code initialBackoff}; each further one
 * doubles it, up to {@code maxBackoff}. The level decays by one step per whole {@code window}
 * without failures after the last lockout ended, so a subject that behaves returns to the short
 * backoff, and one that keeps guessing stays at the long one.
 *
 * <p><b>Successes.</b> A successful authentication never lifts a lockout in force: a locked-out
 * subject is refused before its credential is checked, so it cannot find out whether a guess was
 * right. A success from a source restarts that source's failure count (a shared NAT address where
 * someone mistyped a key is not treated as an attacker once a valid credential comes from it). It
 * does not restart the key id's count: the owner of a busy key succeeds all the time, and letting
 * that reset the count would hide guessing against the key. Instead, the last few sources that
 * succeeded with a key are exempt from that key's lockout (never from their own), so an attacker
 * who knows a key id cannot lock its owner out.
 *
 * <p><b>Alerts.</b> Each lockout sends one {@code auth.lockout} alert (WARNING, or CRITICAL once
 * the backoff has reached its maximum) with attributes {@code scope} ({@code source} or {@code
 * key}), {@code subject}, {@code failures}, {@code lockedFor} (ISO-8601) and {@code lockouts}
 * (consecutive lockouts of the subject), and counts {@code mcp_firewall_auth_lockouts_total}.
 *
 * <p><b>Cost and memory.</b> Every call is O(1): a hash lookup in a small segment under its own
 * lock. A request with no failure history allocates no state. At most {@code maxTracked} sources
 * and {@code maxTracked} key ids are remembered; past that the least recently seen go first,
 * locked-out subjects last. Use:
 *
 * <pre>{@code
 * Optional<Duration> locked = tracker.lockedOut(remoteAddress, keyId);
 * if (locked.isPresent()) { refuse with LOCKED_OUT and Retry-After: locked.get() }
 * else if (credential verifies) { tracker.recordSuccess(remoteAddress, keyId); }
 * else { tracker.recordFailure(remoteAddress, keyId); refuse with UNAUTHENTICATED }
 * }</pre>
 */
public final class AuthFailureTracker {
  /** Sources (and, separately, key ids) remembered at most. */
  public static final int DEFAULT_MAX_TRACKED = 100_000;

  /** The type of the alert a lockout sends. */
  public static final String ALERT_TYPE = "auth.lockout";

  /** Key ids longer than this are tracked by a prefix and a hash of the rest. */
  static final int MAX_KEY_ID_LENGTH = 128;

  private final Subject.Policy policy;
  private final Clock clock;
  private final AlertSink alerts;
  private final FirewallMetrics metrics;
  private final SubjectTable sources;
  private final SubjectTable keys;

  public AuthFailureTracker(
      AuthConfig.Lockout lockout, Clock clock, AlertSink alerts, FirewallMetrics metrics) {
    this(lockout, clock, alerts, metrics, DEFAULT_MAX_TRACKED);
  }

  public AuthFailureTracker(
      AuthConfig.Lockout lockout,
      Clock clock,
      AlertSink alerts,
      FirewallMetrics metrics,
      int maxTracked) {
    if (lockout.threshold() < 1) {
      throw new IllegalArgumentException("lockout threshold must be at least 1");
    }
    this.policy =
        new Subject.Policy(
            lockout.threshold(),
            lockout.window().toMillis(),
            lockout.initialBackoff().toMillis(),
            lockout.maxBackoff().toMillis());
    this.clock = clock;
    this.alerts = alerts;
    this.metrics = metrics;
    this.sources = new SubjectTable(maxTracked);
    this.keys = new SubjectTable(maxTracked);
  }

  /**
   * How much longer this source, or the key id it presents, is locked out; empty if neither is.
   * Call it before verifying the credential.
   *
   * @param sourceAddress the client's IP address as text
   * @param keyId the API key id the client presented, if any (whether or not such a key exists)
   */
  public Optional<Duration> lockedOut(String sourceAddress, Optional<String> keyId) {
    long now = clock.millis();
    String source = SourceAddress.subject(sourceAddress);
    long remaining = sourceRemaining(source, now);
    if (keyId.isPresent() && !keyId.get().isEmpty()) {
      remaining = Math.max(remaining, keyRemaining(keySubject(keyId.get()), source, now));
    }
    return remaining > 0 ? Optional.of(Duration.ofMillis(remaining)) : Optional.empty();
  }

  /**
   * Counts a failed authentication against the source and the key id. Returns the lockout in force
   * afterwards, as {@link #lockedOut} would.
   */
  public Optional<Duration> recordFailure(String sourceAddress, Optional<String> keyId) {
    long now = clock.millis();
    String source = SourceAddress.subject(sourceAddress);
    Subject.Lockout sourceLockout =
        sources.with(source, now, true, s -> new SubjectTable.Result<>(s.fail(now, policy), true));
    if (sourceLockout != null) {
      announce(FirewallMetrics.SCOPE_SOURCE, source, sourceLockout, now);
    }
    long remaining = sourceRemaining(source, now);
    if (keyId.isPresent() && !keyId.get().isEmpty()) {
      String key = keySubject(keyId.get());
      Subject.Lockout keyLockout =
          keys.with(key, now, true, s -> new SubjectTable.Result<>(s.fail(now, policy), true));
      if (keyLockout != null) {
        announce(FirewallMetrics.SCOPE_KEY, key, keyLockout, now);
      }
      remaining = Math.max(remaining, keyRemaining(key, source, now));
    }
    return remaining > 0 ? Optional.of(Duration.ofMillis(remaining)) : Optional.empty();
  }

  /**
   * Records a successful authentication: restarts the source's failure count and remembers the
   * source as one that holds the key. It lifts no lockout (see the class comment).
   */
  public void recordSuccess(String sourceAddress, Optional<String> keyId) {
    long now = clock.millis();
    String source = SourceAddress.subject(sourceAddress);
    sources.with(
        source,
        now,
        false,
        s -> {
          if (s == null) {
            return new SubjectTable.Result<>(null, false);
          }
          s.succeed();
          return new SubjectTable.Result<>(null, !s.idle(now, policy));
        });
    if (keyId.isPresent() && !keyId.get().isEmpty()) {
      keys.with(
          keySubject(keyId.get()),
          now,
          true,
          s -> {
            s.trust(source);
            return new SubjectTable.Result<>(null, true);
          });
    }
  }

  /** Source subjects tracked now. */
  public int trackedSources() {
    return sources.size();
  }

  /** Key id subjects tracked now. */
  public int trackedKeys() {
    return keys.size();
  }

  private long sourceRemaining(String source, long now) {
    return sources.with(
        source,
        now,
        false,
        s ->
            s == null
                ? new SubjectTable.Result<>(0L, false)
                : new SubjectTable.Result<>(s.remainingMillis(now), !s.idle(now, policy)));
  }

  private long keyRemaining(String key, String source, long now) {
    return keys.with(
        key,
        now,
        false,
        s -> {
          if (s == null) {
            return new SubjectTable.Result<>(0L, false);
          }
          long remaining = s.trusts(source) ? 0L : s.remainingMillis(now);
          return new SubjectTable.Result<>(remaining, !s.idle(now, policy));
        });
  }

  /** One alert and one metric per lockout. */
  private void announce(String scope, String subject, Subject.Lockout lockout, long now) {
    Duration lockedFor = Duration.ofMillis(lockout.backoffMillis());
    String what = FirewallMetrics.SCOPE_SOURCE.equals(scope) ? "Source " : "Key id ";
    Alert alert =
        new Alert(
            ALERT_TYPE,
            lockout.atMax() ? Alert.Severity.CRITICAL : Alert.Severity.WARNING,
            what
                + subject
                + " locked out for "
                + human(lockedFor)
                + " after "
                + lockout.failures()
                + " failed authentications",
            Map.of(
                "scope", scope,
                "subject", subject,
                "failures", Integer.toString(lockout.failures()),
                "lockedFor", lockedFor.toString(),
                "lockouts", Integer.toString(lockout.consecutive())),
            Instant.ofEpochMilli(now));
    metrics.lockout(scope);
    alerts.send(alert);
  }

  /** Key ids come from the client: very long ones are shortened, keeping them distinct. */
  static String keySubject(String keyId) {
    if (keyId.length() <= MAX_KEY_ID_LENGTH) {
      return keyId;
    }
    return keyId.substring(0, MAX_KEY_ID_LENGTH - 32)
        + "~"
        + Integer.toHexString(keyId.hashCode())
        + Integer.toHexString(keyId.length());
  }

  private static String human(Duration duration) {
    long seconds = duration.toSeconds();
    if (seconds < 120) {
      return seconds + "s";
    }
    if (seconds < 7200) {
      return (seconds / 60) + "m";
    }
    return (seconds / 3600) + "h";
  }
}
