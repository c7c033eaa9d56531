package dev.mcpfirewall.plugins.secrets;

import dev.mcpfirewall.plugins.api.Categories;
import dev.mcpfirewall.plugins.api.Finding;
import dev.mcpfirewall.plugins.api.Inspection;
import dev.mcpfirewall.plugins.api.Inspector;
import dev.mcpfirewall.plugins.api.TextSegment;
import dev.mcpfirewall.plugins.keywords.KeywordAutomaton;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The secrets inspector: one Aho-Corasick pass over a segment finds which rules' keywords occur and
 * where; only those rules' regexes run, and only within a rule's reach ({@link SecretRule#maxSpan})
 * of its keywords' occurrences, so ordinary text costs one table-driven pass. Candidates then pass
 * the rule's entropy threshold, the placeholder filter and the allowlists; where candidates of
 * several rules overlap, the higher-priority rule keeps the span. Immutable and thread-safe: the
 * trie and the patterns are shared, matchers are per call.
 */
final class SecretScanner implements Inspector {
  /**
   * Candidates one rule may put to the filters per segment: a bound that keeps the work linear when
   * a text repeats a placeholder thousands of times.
   */
  static final int MAX_CANDIDATES_PER_RULE = 500;

  private final List<SecretRule> rules;
  private final int[] keywordless;
  private final KeywordAutomaton keywords;
  private final int[][] rulesOfKeyword;
  private final List<Pattern> allowlist;
  private final int maxFindings;

  /**
   * @param rules the rules, in any order
   * @param allowlist extra patterns; a secret any of them finds is discarded
   * @param maxFindings the most findings reported per segment
   */
  SecretScanner(List<SecretRule> rules, List<Pattern> allowlist, int maxFindings) {
    this.rules =
        rules.stream().sorted(Comparator.comparingInt(SecretRule::priority).reversed()).toList();
    this.allowlist = List.copyOf(allowlist);
    this.maxFindings = maxFindings;
    Map<String, List<Integer>> byKeyword = new LinkedHashMap<>();
    List<Integer> always = new ArrayList<>();
    for (int i = 0; i < this.rules.size(); i++) {
      SecretRule rule = this.rules.get(i);
      if (rule.keywords().isEmpty()) {
        always.add(i);
      }
      for (String keyword : rule.keywords()) {
        byKeyword.computeIfAbsent(keyword, k -> new ArrayList<>()).add(i);
      }
    }
    this.keywordless = always.stream().mapToInt(Integer::intValue).toArray();
    this.keywords = KeywordAutomaton.of(List.copyOf(byKeyword.keySet()));
    this.rulesOfKeyword =
        byKeyword.values().stream()
            .map(indices -> indices.stream().mapToInt(Integer::intValue).toArray())
            .toArray(int[][]::new);
  }

  int ruleCount() {
    return rules.size();
  }

  @Override
  public List<Finding> inspect(Inspection inspection) {
    List<Finding> findings = new ArrayList<>();
    for (TextSegment segment : inspection.segments()) {
      scan(segment, findings);
    }
    return findings;
  }

  private void scan(TextSegment segment, List<Finding> findings) {
    String text = segment.text();
    int n = text.length();
    Windows[] windows = new Windows[rules.size()];
    for (int index : keywordless) {
      windows[index] = new Windows();
      windows[index].all();
    }
    keywords.scan(
        text,
        (keyword, start, end) -> {
          for (int index : rulesOfKeyword[keyword]) {
            Windows rule = windows[index];
            if (rule == null) {
              rule = windows[index] = new Windows();
            }
            int span = rules.get(index).maxSpan();
            if (span <= 0) {
              rule.all();
            } else {
              rule.add(Math.max(0, start - span), (int) Math.min(n, (long) end + span));
            }
          }
        });
    List<int[]> spans = new ArrayList<>();
    for (int r = 0; r < windows.length; r++) {
      if (windows[r] == null) {
        continue;
      }
      SecretRule rule = rules.get(r);
      Matcher matcher = rule.pattern().matcher(text);
      matcher.useTransparentBounds(true).useAnchoringBounds(false);
      Windows where = windows[r];
      int count = where.isWhole() ? 1 : where.size();
      int candidates = 0;
      for (int w = 0; w < count && candidates < MAX_CANDIDATES_PER_RULE; w++) {
        if (!where.isWhole()) {
          matcher.region(where.start(w), where.end(w));
        }
        while (candidates++ < MAX_CANDIDATES_PER_RULE && matcher.find()) {
          int group = rule.secretGroupOf(matcher);
          int start = matcher.start(group);
          int end = matcher.end(group);
          if (start < 0 || end <= start || overlaps(spans, start, end)) {
            continue;
          }
          String secret = text.substring(start, end);
          if (!accepts(rule, secret, matcher, text)) {
            continue;
          }
          spans.add(new int[] {start, end});
          findings.add(
              Finding.builder(Categories.SECRET, rule.id())
                  .severity(rule.severity())
                  .confidence(rule.priority() < 0 ? 0.7 : 0.95)
                  .at(segment, start, end)
                  .excerpt(SecretExcerpt.of(secret))
                  .build());
          if (spans.size() >= maxFindings) {
            return;
          }
        }
      }
    }
  }

  private boolean accepts(SecretRule rule, String secret, Matcher matcher, String text) {
    if (rule.minEntropy() > 0 && ShannonEntropy.of(secret) < rule.minEntropy()) {
      return false;
    }
    if (Placeholders.isPlaceholder(secret)) {
      return false;
    }
    if (!rule.allowlists().isEmpty()
        && rule.allows(secret, matcher.group(), line(text, matcher.start(), matcher.end()))) {
      return false;
    }
    for (Pattern allowed : allowlist) {
      if (allowed.matcher(secret).find()) {
        return false;
      }
    }
    return true;
  }

  private static boolean overlaps(List<int[]> spans, int start, int end) {
    for (int[] span : spans) {
      if (start < span[1] && span[0] < end) {
        return true;
      }
    }
    return false;
  }

  private static String line(String text, int start, int end) {
    int from = text.lastIndexOf('\n', start) + 1;
    int to = text.indexOf('\n', end);
    return text.substring(from, to < 0 ? text.length() : to);
  }
}
