package dev.mcpfirewall.config;

import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads the durations of the configuration file: a whole number with a unit ({@code 250ms}, {@code
 * 5s}, {@code 10m}, {@code 1h}, {@code 2d}), or a bare whole number of milliseconds. The schema's
 * {@code $defs/duration} accepts exactly these forms.
 */
public final class DurationParser {

  private static final Pattern WITH_UNIT = Pattern.compile("0*([0-9]{1,18})(ms|s|m|h|d)");

  private DurationParser() {}

  /**
   * The duration {@code value} stands for.
   *
   * @param value a {@link String} with a unit, or a {@link Number} of milliseconds
   * @throws IllegalArgumentException if {@code value} is neither
   */
  public static Duration parse(Object value) {
    if (value instanceof Number number) {
      return Duration.ofMillis(number.longValue());
    }
    if (value instanceof String text) {
      Matcher m = WITH_UNIT.matcher(text);
      if (m.matches()) {
        long amount = Long.parseLong(m.group(1));
        return switch (m.group(2)) {
          case "ms" -> Duration.ofMillis(amount);
          case "s" -> Duration.ofSeconds(amount);
          case "m" -> Duration.ofMinutes(amount);
          case "h" -> Duration.ofHours(amount);
          default -> Duration.ofDays(amount);
        };
      }
    }
    throw new IllegalArgumentException("not a duration: " + value);
  }

  /** The shortest text {@link #parse} reads back as {@code duration}, for messages. */
  static String format(Duration duration) {
    long ms = duration.toMillis();
    if (ms % 86_400_000 == 0) {
      return ms / 86_400_000 + "d";
    }
    if (ms % 3_600_000 == 0) {
      return ms / 3_600_000 + "h";
    }
    if (ms % 60_000 == 0) {
      return ms / 60_000 + "m";
    }
    if (ms % 1_000 == 0) {
      return ms / 1_000 + "s";
    }
    return ms + "ms";
  }
}
