package dev.mcpfirewall.alert;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Keeps an alert storm from flooding the places alerts go. Two rules, both over {@code window}:
 *
 * <ul>
 *   <li><b>Duplicates collapse.</b> Alerts with the same type, severity and key attributes are
 *       identical: the first goes out, the rest within the window are counted, and the next one
 *       after the window goes out carrying {@value #COLLAPSED_ATTRIBUTE}{@code =N}, the number held
 *       back in between. Key attributes are configured per type ({@link #DEFAULT_KEY_ATTRIBUTES});
 *       for other types every attribute is part of the key, so only exact repeats collapse.
 *   <li><b>Each type is rate limited</b> to {@code maxPerType} alerts per window, so that a
 *       distributed attack raising distinct alerts (a lockout per address from a botnet) still
 *       produces a bounded number of webhook calls.
 * </ul>
 *
 * <p>A severity change is never a duplicate: a lockout that escalates to CRITICAL goes out even if
 * the same subject's WARNING went out a moment before. Memory is bounded: an entry exists only for
 * an alert that went out, at most {@code maxPerType} per type per window, and entries older than
 * the window are swept.
 */
public final class AlertThrottle {
  /** How long identical alerts are collapsed, and the period of the per-type limit. */
  public static final Duration DEFAULT_WINDOW = Duration.ofSeconds(60);

  /** How many alerts of one type go out per window at most. */
  public static final int DEFAULT_MAX_PER_TYPE = 100;

  /** The attributes that make two alerts of a type "the same event". */
  public static final Map<String, List<String>> DEFAULT_KEY_ATTRIBUTES =
      Map.of(
          "auth.lockout", List.of("scope", "subject"),
          "tool.changed", List.of("upstream", "tool", "hash"),
          "tool.pending", List.of("upstream", "tool", "hash"));

  /** Added to an alert that follows collapsed duplicates: how many were held back. */
  public static final String COLLAPSED_ATTRIBUTE = "collapsed";

  private static final int SWEEP_THRESHOLD = 256;

  private final Clock clock;
  private final long windowMillis;
  private final int maxPerType;
  private final Map<String, List<String>> keyAttributes;

  // Alerts are rare next to requests; one lock keeps the two rules consistent with each other.
  private final Map<Key, Seen> seen = new HashMap<>();
  private final Map<String, TypeWindow> types = new HashMap<>();
  private long lastSweep;

  public AlertThrottle(
      Clock clock, Duration window, int maxPerType, Map<String, List<String>> keyAttributes) {
    if (window.isNegative() || maxPerType < 1) {
      throw new IllegalArgumentException("window must be >= 0 and maxPerType >= 1");
    }
    this.clock = clock;
    this.windowMillis = window.toMillis();
    this.maxPerType = maxPerType;
    this.keyAttributes = Map.copyOf(keyAttributes);
    this.lastSweep = clock.millis();
  }

  /** A one-minute window, 100 alerts per type per minute, the default key attributes. */
  public static AlertThrottle withDefaults(Clock clock) {
    return new AlertThrottle(clock, DEFAULT_WINDOW, DEFAULT_MAX_PER_TYPE, DEFAULT_KEY_ATTRIBUTES);
  }

  /** Whether the alert goes out now, and in which form. */
  synchronized Admission admit(Alert alert) {
    long now = clock.millis();
    sweep(now);
    Key key = keyOf(alert);
    Seen previous = seen.get(key);
    if (previous != null && now - previous.since < windowMillis) {
      previous.collapsed++;
      return new Suppressed(Suppressed.DUPLICATE, false);
    }
    TypeWindow type = types.computeIfAbsent(alert.type(), t -> new TypeWindow(now));
    if (now - type.since >= windowMillis) {
      type.since = now;
      type.count = 0;
      type.warned = false;
    }
    if (type.count >= maxPerType) {
      boolean first = !type.warned;
      type.warned = true;
      return new Suppressed(Suppressed.RATE, first);
    }
    type.count++;
    seen.put(key, new Seen(now));
    if (previous == null || previous.collapsed == 0) {
      return new Deliver(alert);
    }
    Map<String, String> attributes = new HashMap<>(alert.attributes());
    attributes.put(COLLAPSED_ATTRIBUTE, Integer.toString(previous.collapsed));
    return new Deliver(
        new Alert(alert.type(), alert.severity(), alert.summary(), attributes, alert.time()));
  }

  /** How long identical alerts are collapsed. */
  Duration window() {
    return Duration.ofMillis(windowMillis);
  }

  private Key keyOf(Alert alert) {
    List<String> names = keyAttributes.get(alert.type());
    List<String> values = new ArrayList<>();
    if (names == null) {
      new TreeMap<>(alert.attributes()).forEach((name, value) -> values.add(name + "=" + value));
    } else {
      for (String name : names) {
        values.add(alert.attributes().get(name));
      }
    }
    return new Key(alert.type(), alert.severity(), values);
  }

  private void sweep(long now) {
    if (seen.size() < SWEEP_THRESHOLD || now - lastSweep < windowMillis) {
      return;
    }
    lastSweep = now;
    seen.values().removeIf(s -> now - s.since >= windowMillis);
  }

  /** What {@link #admit} decided. */
  sealed interface Admission permits Deliver, Suppressed {}

  /** Send this alert (the one given, or a copy carrying the collapsed count). */
  record Deliver(Alert alert) implements Admission {}

  /**
   * Hold the alert back.
   *
   * @param reason {@link #DUPLICATE} or {@link #RATE}
   * @param firstOfWindow the first alert of its type held back by the rate limit in this window
   */
  record Suppressed(String reason, boolean firstOfWindow) implements Admission {
    static final String DUPLICATE = "duplicate";
    static final String RATE = "rate";
  }

  private record Key(String type, Alert.Severity severity, List<String> values) {}

  private static final class Seen {
    final long since;
    int collapsed;

    Seen(long since) {
      this.since = since;
    }
  }

  private static final class TypeWindow {
    long since;
    int count;
    boolean warned;

    TypeWindow(long since) {
      this.since = since;
    }
  }
}
