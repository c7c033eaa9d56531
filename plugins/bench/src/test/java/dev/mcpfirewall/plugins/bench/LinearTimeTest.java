package dev.mcpfirewall.plugins.bench;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mcpfirewall.plugins.api.Direction;
import dev.mcpfirewall.plugins.api.Inspection;
import dev.mcpfirewall.plugins.api.Inspector;
import java.util.List;
import java.util.Map;
import java.util.function.IntFunction;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.TestFactory;

/**
 * Adversarial inputs built to make regex engines backtrack (long runs of near-matches, prefixes
 * with no end, nested brackets, unclosed blocks) must scan in linear time.
 *
 * <p>Approach: each detector scans the input at 10,000 and at 100,000 characters; each size is
 * timed as the fastest of several runs after a warm-up (the minimum filters out GC pauses and
 * scheduling noise, which only ever add time). Linear work gives a ratio near 10 (a little more
 * when the large input falls out of the CPU caches), quadratic work near 100; the test allows 30,
 * and takes the best of three independent measurements so that a busy machine does not fail it.
 * This is the one kind of timed assertion the project keeps, tagged {@code adversarial} so it can
 * be run alone: {@code ./mvnw -o -pl plugins/bench test -Dgroups=adversarial}.
 */
@Tag("adversarial")
class LinearTimeTest {
  private static final int SMALL = 10_000;
  private static final int LARGE = 100_000;
  private static final int RUNS = 7;
  private static final double MAX_RATIO = 30;

  static final Map<String, IntFunction<String>> INPUTS =
      Map.ofEntries(
          Map.entry("100k a", n -> "a".repeat(n)),
          Map.entry("sk- then word characters", n -> "sk-" + "a".repeat(n)),
          Map.entry("sk-ant- then base64url", n -> "sk-ant-api03-" + "Ab0_".repeat(n / 4)),
          Map.entry("eyJ runs without dots", n -> "eyJ-".repeat(n / 4)),
          Map.entry("eyJ with one dot", n -> ("eyJ" + "a".repeat(40) + ".").repeat(n / 44)),
          Map.entry(
              "PEM header without END", n -> "-----BEGIN RSA PRIVATE KEY-----\n" + "A".repeat(n)),
          Map.entry("PEM headers repeated", n -> "-----BEGIN PRIVATE KEY-----".repeat(n / 27)),
          Map.entry(
              "password assignment, endless value", n -> "password = \"" + "x1".repeat(n / 2)),
          Map.entry("secret keywords repeated", n -> "api_key=token secret ".repeat(n / 21)),
          Map.entry("scheme://user: without @", n -> "postgres://" + "u".repeat(n) + ":"),
          Map.entry("://a: repeated", n -> "x://a:".repeat(n / 6)),
          Map.entry("AKIA prefixes", n -> "AKIA".repeat(n / 4)),
          Map.entry("nested brackets", n -> "[".repeat(n / 2) + "]".repeat(n / 2)),
          Map.entry("markdown image openers", n -> "![".repeat(n / 2)),
          Map.entry("image with endless url", n -> "![x](http://a/" + "?q=".repeat(n / 3)),
          Map.entry("unclosed html comments", n -> "<!-- ignore ".repeat(n / 12)),
          Map.entry("hidden spans repeated", n -> "<span style='display:none'>x".repeat(n / 29)),
          Map.entry("ignore repeated", n -> "ignore ".repeat(n / 7)),
          Map.entry("ignore all the ... ", n -> "ignore " + "all the ".repeat(n / 8)),
          Map.entry("call the tool repeated", n -> "call the x tool ".repeat(n / 16)),
          Map.entry("send the data to repeated", n -> "send the data ".repeat(n / 14)),
          Map.entry("digits and separators", n -> "1 2-3.4 ".repeat(n / 8)),
          Map.entry("card-like groups", n -> "4111 ".repeat(n / 5)),
          Map.entry("at signs", n -> "a@".repeat(n / 2)),
          Map.entry("dotted domain after @", n -> "x@" + "a.".repeat(n / 2)),
          Map.entry("IBAN-like prefixes", n -> "GB82 ".repeat(n / 5)),
          Map.entry("hex and colons", n -> "a1:".repeat(n / 3)),
          Map.entry("IMPORTANT tags", n -> "<IMPORTANT>".repeat(n / 11)),
          Map.entry("read then paths", n -> "read ".repeat(n / 5) + "~/.ssh"),
          Map.entry(
              "unicode tag characters", n -> new String(Character.toChars(0xE0041)).repeat(n / 2)));

  @TestFactory
  Stream<DynamicTest> everyDetectorScansAdversarialInputInLinearTime() {
    BundledChain chain = new BundledChain();
    return INPUTS.entrySet().stream()
        .sorted(Map.Entry.comparingByKey())
        .flatMap(
            input ->
                chain.inspectors.entrySet().stream()
                    .map(
                        detector ->
                            DynamicTest.dynamicTest(
                                detector.getKey() + " on " + input.getKey(),
                                () -> assertLinear(detector.getValue(), input.getValue()))));
  }

  /** A control: the same measure on a scan that is quadratic ("a*b" over a run of a's). */
  @org.junit.jupiter.api.Test
  void theMeasureCatchesAQuadraticScan() {
    java.util.regex.Pattern quadratic = java.util.regex.Pattern.compile("a*b");
    Inspector slow =
        inspection -> {
          quadratic.matcher(inspection.segments().get(0).text()).find();
          return List.of();
        };
    Inspection small = inspection("a".repeat(1_000));
    Inspection large = inspection("a".repeat(10_000));
    slow.inspect(large);
    double ratio = (double) fastest(slow, large) / Math.max(fastest(slow, small), 1);
    assertThat(ratio).isGreaterThan(MAX_RATIO);
  }

  private static void assertLinear(Inspector inspector, IntFunction<String> input) {
    Inspection small = inspection(input.apply(SMALL));
    Inspection large = inspection(input.apply(LARGE));
    inspector.inspect(large); // warm-up
    List<String> attempts = new java.util.ArrayList<>();
    // A quadratic scan exceeds the bound on every attempt; a machine busy with other work (CI,
    // parallel builds) only on some. So up to three independent measurements, one must pass.
    for (int attempt = 0; attempt < 3; attempt++) {
      long smallNanos = fastest(inspector, small);
      long largeNanos = fastest(inspector, large);
      // Below 50 microseconds per 10k characters fixed costs dominate; compare against that floor.
      double ratio = (double) largeNanos / Math.max(smallNanos, 50_000);
      if (ratio < MAX_RATIO) {
        return;
      }
      attempts.add(largeNanos + " ns / " + smallNanos + " ns");
    }
    assertThat(attempts)
        .as("time(100k) / time(10k) at or above %s on every attempt", MAX_RATIO)
        .isEmpty();
  }

  private static long fastest(Inspector inspector, Inspection inspection) {
    long best = Long.MAX_VALUE;
    for (int i = 0; i < RUNS; i++) {
      long start = System.nanoTime();
      inspector.inspect(inspection);
      best = Math.min(best, System.nanoTime() - start);
    }
    return best;
  }

  private static Inspection inspection(String text) {
    // TOOL_DESCRIPTION: the one direction all four bundled detectors inspect by default.
    return BundledChain.inspection(Direction.TOOL_DESCRIPTION, text);
  }

  static List<String> names() {
    return INPUTS.keySet().stream().sorted().toList();
  }
}
