package dev.mcpfirewall.plugins.secrets;

import dev.mcpfirewall.plugins.api.Categories;
import dev.mcpfirewall.plugins.api.Finding;
import dev.mcpfirewall.plugins.api.Inspection;
import dev.mcpfirewall.plugins.api.Inspector;
import dev.mcpfirewall.plugins.api.TextSegment;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.ahocorasick.trie.PayloadTrie;

/**
 * The secrets inspector: one Aho-Corasick pass over a segment finds which rules' keywords occur;
 * only those rules' regexes run. Candidates then pass the rule's entropy threshold, the placeholder
 * filter and the allowlists; where candidates of several rules overlap, the higher-priority rule
 * keeps the span. Immutable and thread-safe: the trie and the patterns are shared, matchers are per
 * call.
 */
final class SecretScanner implements Inspector {
  /**
   * Candidates one rule may put to the filters per segment: a bound that keeps the work linear when
   * a text repeats a placeholder thousands of times.
   */
  static final int MAX_CANDIDATES_PER_RULE = 500;

  private final List<SecretRule> rules;
  private final int[] keywordless;
  private final PayloadTrie<int[]> keywords;
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
    PayloadTrie.PayloadTrieBuilder<int[]> trie = PayloadTrie.<int[]>builder().ignoreCase();
    byKeyword.forEach(
        (keyword, indices) ->
            trie.addKeyword(keyword, indices.stream().mapToInt(Integer::intValue).toArray()));
    this.keywords = trie.build();
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
    BitSet selected = new BitSet(rules.size());
    for (int index : keywordless) {
      selected.set(index);
    }
    keywords.parseText(
        text,
        emit -> {
          for (int index : emit.getPayload()) {
            selected.set(index);
          }
          return true;
        });
    if (selected.isEmpty()) {
      return;
    }
    List<int[]> spans = new ArrayList<>();
    for (int r = selected.nextSetBit(0); r >= 0; r = selected.nextSetBit(r + 1)) {
      SecretRule rule = rules.get(r);
      Matcher matcher = rule.pattern().matcher(text);
      int candidates = 0;
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
