package dev.mcpfirewall.plugins.toolpoisoning;

import dev.mcpfirewall.plugins.api.Direction;
import dev.mcpfirewall.plugins.api.Finding;
import dev.mcpfirewall.plugins.api.Inspection;
import dev.mcpfirewall.plugins.api.Inspector;
import dev.mcpfirewall.plugins.api.Severity;
import dev.mcpfirewall.plugins.api.TextSegment;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;

/**
 * The tool-poisoning inspector: the bundled heuristics, invisible characters and length limits over
 * a tool's advertised texts. Within one kind, overlapping matches keep the most confident.
 * Immutable and thread-safe.
 */
final class PoisoningScanner implements Inspector {
  private static final int MAX_PER_RULE = 5;

  private final List<PoisonRule> rules;
  private final Set<Direction> directions;
  private final int maxLength;

  PoisoningScanner(List<PoisonRule> rules, Set<Direction> directions, int maxLength) {
    this.rules = List.copyOf(rules);
    this.directions = Set.copyOf(directions);
    this.maxLength = maxLength;
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
    for (PoisonRule rule : rules) {
      Matcher matcher = rule.pattern().matcher(text);
      int count = 0;
      while (count++ < MAX_PER_RULE && matcher.find()) {
        add(
            found,
            Finding.builder(rule.category(), rule.id())
                .severity(rule.severity())
                .confidence(rule.confidence())
                .at(segment, matcher.start(), matcher.end())
                .excerpt(excerpt(text, matcher.start(), matcher.end()))
                .build());
      }
    }
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
