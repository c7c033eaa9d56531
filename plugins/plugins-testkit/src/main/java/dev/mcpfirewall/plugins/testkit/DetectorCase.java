package dev.mcpfirewall.plugins.testkit;

import dev.mcpfirewall.plugins.api.Direction;
import java.util.List;
import java.util.Objects;

/**
 * One test case for a detector: a text, the direction it travels, and what should be found in it.
 *
 * <pre>{@code
 * DetectorCase.of("an AWS key: AKIAIOSFODNN7EXAMPLE")
 *     .expect("secret", "aws-access-key-id", "AKIAIOSFODNN7EXAMPLE");
 * DetectorCase.of("nothing here").expectNothing();
 * }</pre>
 *
 * @param name shown as the dynamic test's name
 * @param text the text to inspect
 * @param direction which way it travels
 * @param expected findings that must be reported (others may be too, unless {@code exact})
 * @param exact when true, no finding beyond {@code expected} may be reported
 */
public record DetectorCase(
    String name, String text, Direction direction, List<Expected> expected, boolean exact) {

  public DetectorCase {
    Objects.requireNonNull(text, "text");
    direction = direction == null ? Direction.INBOUND : direction;
    expected = List.copyOf(expected);
    name = name == null ? abbreviate(text) : name;
  }

  /** A case with no expectations yet, travelling inbound. */
  public static DetectorCase of(String text) {
    return new DetectorCase(null, text, Direction.INBOUND, List.of(), false);
  }

  public DetectorCase named(String replaced) {
    return new DetectorCase(replaced, text, direction, expected, exact);
  }

  public DetectorCase direction(Direction replaced) {
    return new DetectorCase(name, text, replaced, expected, exact);
  }

  /** Expects a finding of {@code category} (prefix match) by {@code rule}. */
  public DetectorCase expect(String category, String rule) {
    return with(new Expected(category, rule, null));
  }

  /** Expects a finding of {@code category} by {@code rule} whose span is exactly {@code match}. */
  public DetectorCase expect(String category, String rule, String match) {
    return with(new Expected(category, rule, match));
  }

  /** Expects no finding at all. */
  public DetectorCase expectNothing() {
    return new DetectorCase(name, text, direction, List.of(), true);
  }

  /** No finding beyond those expected. */
  public DetectorCase exactly() {
    return new DetectorCase(name, text, direction, expected, true);
  }

  private DetectorCase with(Expected e) {
    List<Expected> more = new java.util.ArrayList<>(expected);
    more.add(e);
    return new DetectorCase(name, text, direction, more, exact);
  }

  private static String abbreviate(String text) {
    String oneLine = text.replaceAll("\\s+", " ");
    return oneLine.length() <= 60 ? oneLine : oneLine.substring(0, 57) + "...";
  }

  /**
   * One expected finding.
   *
   * @param category matched as a prefix ({@code "pii"} accepts {@code "pii.email"})
   * @param rule the rule id, or null for any
   * @param match the exact text of the span, or null to not check the span
   */
  public record Expected(String category, String rule, String match) {}
}
