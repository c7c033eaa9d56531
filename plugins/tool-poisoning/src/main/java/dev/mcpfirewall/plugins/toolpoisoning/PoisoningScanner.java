package dev.mcpfirewall.plugins.toolpoisoning;

import dev.mcpfirewall.plugins.api.Direction;
import dev.mcpfirewall.plugins.api.Finding;
import dev.mcpfirewall.plugins.api.Inspection;
import dev.mcpfirewall.plugins.api.Inspector;
import dev.mcpfirewall.plugins.api.Severity;
import dev.mcpfirewall.plugins.api.TextSegment;
import dev.mcpfirewall.plugins.keywords.KeywordAutomaton;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;

/**
 * The tool-poisoning inspector: the bundled heuristics, invisible characters and length limits over
 * a tool's advertised texts. Within one kind, overlapping matches keep the most confident.
 * Immutable and thread-safe.
 */
final class PoisoningScanner implements Inspector {
  private static final int MAX_PER_RULE = 5;

  /** How far past a keyword occurrence a match can reach; no bundled pattern is longer. */
  private static final int REACH = 400;

  private final List<PoisonRule> rules;
  private final Set<Direction> directions;
  private final int maxLength;
  private final KeywordAutomaton keywords;
  private final int[][] rulesOfKeyword;

  PoisoningScanner(List<PoisonRule> rules, Set<Direction> directions, int maxLength) {
    this.rules = List.copyOf(rules);
    this.directions = Set.copyOf(directions);
    this.maxLength = maxLength;
    Map<String, List<Integer>> byKeyword = new LinkedHashMap<>();
    for (int i = 0; i < this.rules.size(); i++) {
      for (String keyword : this.rules.get(i).keywords()) {
        byKeyword.computeIfAbsent(keyword, k -> new ArrayList<>()).add(i);
      }
    }
    this.keywords = KeywordAutomaton.of(List.copyOf(byKeyword.keySet()));
    this.rulesOfKeyword =
        byKeyword.values().stream()
            .map(v -> v.stream().mapToInt(Integer::intValue).toArray())
            .toArray(int[][]::new);
  }

  @Override
  public List<Finding> inspect(Inspection inspection) {
    if (!directions.contains(inspection.direction())) {
      return List.of();
    }
    List<Finding> findings = new ArrayList<>();
    for (TextSegment segment : inspection.segments()) {
      scan(segment, findings);
    }
    return findings;
  }

  private void scan(TextSegment segment, List<Finding> findings) {
    String text = segment.text();
    List<Finding> found = new ArrayList<>();
    int n = text.length();
    Matcher[] matchers = new Matcher[rules.size()];
    int[] covered = new int[rules.size()];
    int[] count = new int[rules.size()];
    keywords.scan(
        text,
        (keyword, start, end) -> {
          for (int index : rulesOfKeyword[keyword]) {
            if (start < covered[index] || count[index] >= MAX_PER_RULE) {
              continue;
            }
            PoisonRule rule = rules.get(index);
            Matcher matcher = matchers[index];
            if (matcher == null) {
              matcher = matchers[index] = rule.pattern().matcher(text);
              matcher.useTransparentBounds(true).useAnchoringBounds(false);
            }
            int limit = Math.min(n, end + REACH);
            for (int from = Math.max(covered[index], start - rule.lead()); from <= start; from++) {
              matcher.region(from, limit);
              if (matcher.lookingAt() && matcher.end() > matcher.start()) {
                covered[index] = matcher.end();
                count[index]++;
                add(
                    found,
                    Finding.builder(rule.category(), rule.id())
                        .severity(rule.severity())
                        .confidence(rule.confidence())
                        .at(segment, matcher.start(), matcher.end())
                        .excerpt(excerpt(text, matcher.start(), matcher.end()))
                        .build());
                break;
              }
            }
          }
        });
    InvisibleCharacters.Found invisible = InvisibleCharacters.in(text);
    if (invisible != null) {
      found.add(
          Finding.builder(
                  "tool-poisoning.invisible-characters",
                  invisible.tags() ? "unicode-tags" : "zero-width")
              .severity(invisible.tags() ? Severity.HIGH : Severity.MEDIUM)
              .confidence(invisible.tags() ? 0.95 : 0.7)
              .at(segment, invisible.first(), invisible.last())
              .excerpt(
                  invisible.tags()
                      ? "hidden text: " + shorten(invisible.decoded())
                      : invisible.count() + " invisible characters")
              .build());
    }
    if (!segment.isDecoded() && text.length() > maxLength) {
      boolean far = text.length() > 4L * maxLength;
      found.add(
          Finding.builder("tool-poisoning.excessive-length", "description-too-long")
              .severity(far ? Severity.MEDIUM : Severity.LOW)
              .confidence(far ? 0.7 : 0.5)
              .at(segment, maxLength, text.length())
              .excerpt(text.length() + " characters, limit " + maxLength)
              .build());
    }
    findings.addAll(found);
  }

  /** Adds {@code finding} unless a more confident one of its kind overlaps it (and vice versa). */
  private static void add(List<Finding> found, Finding finding) {
    for (int i = 0; i < found.size(); i++) {
      Finding other = found.get(i);
      if (other.category().equals(finding.category())
          && other.start() < finding.end()
          && finding.start() < other.end()) {
        if (finding.confidence() > other.confidence()) {
          found.set(i, finding);
        }
        return;
      }
    }
    found.add(finding);
  }

  private static String excerpt(String text, int start, int end) {
    return shorten(text.substring(start, end).replace('\n', ' '));
  }

  private static String shorten(String text) {
    return text.length() > 80 ? text.substring(0, 80) + "…" : text;
  }
}
