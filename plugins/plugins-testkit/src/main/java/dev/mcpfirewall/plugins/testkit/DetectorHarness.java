package dev.mcpfirewall.plugins.testkit;

import dev.mcpfirewall.plugins.api.Detector;
import dev.mcpfirewall.plugins.api.DetectorContext;
import dev.mcpfirewall.plugins.api.Direction;
import dev.mcpfirewall.plugins.api.Finding;
import dev.mcpfirewall.plugins.api.Inspection;
import dev.mcpfirewall.plugins.api.Inspector;
import dev.mcpfirewall.plugins.api.TextSegment;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;

/**
 * Runs a detector the way the firewall does (configured through a {@link DetectorContext}, called
 * with an {@link Inspection}) so a vendor can test it in plain JUnit, without a firewall.
 *
 * <pre>{@code
 * class AcmeDetectorTest {
 *   DetectorHarness harness = DetectorHarness.of(new AcmeDetector(), Map.of("word", "secret"));
 *
 *   @TestFactory
 *   Stream<DynamicTest> cases() {
 *     return harness.cases(
 *         DetectorCase.of("a secret word").expect("acme.bad-word", "acme-bad-word-1", "secret"),
 *         DetectorCase.of("all fine").expectNothing());
 *   }
 * }
 * }</pre>
 *
 * <p>The configuration is not validated against the detector's schema here; {@link SchemaCheck}
 * does that with the same validator the firewall uses, if the test adds it.
 */
public final class DetectorHarness {
  private final Detector detector;
  private final Inspector inspector;

  private DetectorHarness(Detector detector, Inspector inspector) {
    this.detector = detector;
    this.inspector = inspector;
  }

  /** Configures {@code detector} with {@code config} (and the system clock). */
  public static DetectorHarness of(Detector detector, Map<String, Object> config) {
    return of(detector, config, Clock.systemUTC(), null);
  }

  /**
   * @param dataDirectory what {@link DetectorContext#dataDirectory()} returns, or null
   */
  public static DetectorHarness of(
      Detector detector, Map<String, Object> config, Clock clock, Path dataDirectory) {
    Inspector inspector = detector.configure(DetectorContexts.of(config, clock, dataDirectory));
    if (inspector == null) {
      throw new AssertionError("detector '" + detector.id() + "' returned no inspector");
    }
    return new DetectorHarness(detector, inspector);
  }

  public Detector detector() {
    return detector;
  }

  /** Inspects one text, as the string at pointer {@code /text}. */
  public List<Finding> inspect(String text, Direction direction) {
    return inspect(List.of(TextSegment.of("/text", text)), direction);
  }

  /** Inspects segments. */
  public List<Finding> inspect(List<TextSegment> segments, Direction direction) {
    List<Finding> findings =
        inspector.inspect(
            new Inspection(direction, "tools/call", "test", "test", Set.of(), segments));
    if (findings == null) {
      throw new AssertionError("detector '" + detector.id() + "' returned null, not a list");
    }
    for (Finding f : findings) {
      TextSegment segment =
          segments.stream()
              .filter(s -> s.pointer().equals(f.pointer()))
              .findFirst()
              .orElseThrow(
                  () ->
                      new AssertionError(
                          "finding "
                              + f
                              + " names pointer '"
                              + f.pointer()
                              + "', not a segment's"));
      if (f.end() > segment.text().length()) {
        throw new AssertionError("finding " + f + " ends past its segment's text");
      }
    }
    return findings;
  }

  /** Checks one case; throws {@link AssertionError} saying what was expected and what was found. */
  public void check(DetectorCase c) {
    List<Finding> found = inspect(c.text(), c.direction());
    List<Finding> unmatched = new ArrayList<>(found);
    for (DetectorCase.Expected e : c.expected()) {
      Finding match =
          unmatched.stream()
              .filter(f -> f.isIn(e.category()))
              .filter(f -> e.rule() == null || e.rule().equals(f.rule()))
              .filter(
                  f ->
                      e.match() == null || e.match().equals(c.text().substring(f.start(), f.end())))
              .findFirst()
              .orElseThrow(
                  () ->
                      new AssertionError(
                          "expected " + e + " in \"" + c.name() + "\", found " + found));
      unmatched.remove(match);
    }
    if (c.exact() && !unmatched.isEmpty()) {
      throw new AssertionError("unexpected findings in \"" + c.name() + "\": " + unmatched);
    }
  }

  /** One dynamic test per case, named after it, for a {@code @TestFactory}. */
  public Stream<DynamicTest> cases(DetectorCase... cases) {
    return cases(List.of(cases));
  }

  public Stream<DynamicTest> cases(Collection<DetectorCase> cases) {
    return cases.stream().map(c -> DynamicTest.dynamicTest(c.name(), () -> check(c)));
  }
}
