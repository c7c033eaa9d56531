package dev.mcpfirewall.plugins.promptinjection;

import dev.mcpfirewall.plugins.api.Direction;
import dev.mcpfirewall.plugins.api.Finding;
import dev.mcpfirewall.plugins.api.Inspection;
import dev.mcpfirewall.plugins.api.Inspector;
import dev.mcpfirewall.plugins.api.Severity;
import dev.mcpfirewall.plugins.api.TextSegment;
import dev.mcpfirewall.plugins.keywords.KeywordAutomaton;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The prompt-injection inspector. Per segment: one Aho-Corasick pass picks the rules whose keywords
 * occur, their regexes run, and the matches are scored. A match at or above the confidence
 * threshold is a finding; weaker matches are reported only when two different weak rules agree.
 * Matches inside hidden text (HTML comments, CSS-hidden elements, Unicode tag characters, text the
 * firewall decoded from base64 or hex) add a {@code prompt-injection.hidden-text} finding: hiding
 * an instruction from the human is itself a strong signal. Immutable and thread-safe.
 */
final class InjectionScanner implements Inspector {
  private static final Pattern ADDRESSES_MODEL =
      Pattern.compile(
          "\\b(?:AI|assistant|model|LLM|agent|Claude|GPT|ChatGPT|chatbot)\\b[^\\n]{0,200}?\\b(?:must"
              + "|should|always|never|ignore|instead|important|required|do not)\\b",
          Pattern.CASE_INSENSITIVE);

  /** A rule repeating itself adds nothing after a few matches; others keep their room. */
  private static final int MAX_PER_RULE = 3;

  /** How far past a keyword occurrence a rule's match can reach; no bundled pattern is longer. */
  static final int REACH = 600;

  /** Pseudo-keywords that say a text has markup that may hide text. */
  private static final List<String> MARKUP = List.of("<!--", "style", "hidden");

  private final List<InjectionRule> rules;
  private final KeywordAutomaton keywords;
  private final int[][] rulesOfKeyword;
  private final Set<Direction> directions;
  private final double minConfidence;
  private final int maxFindings;

  InjectionScanner(
      List<InjectionRule> rules, Set<Direction> directions, double minConfidence, int maxFindings) {
    this.rules = List.copyOf(rules);
    this.directions = Set.copyOf(directions);
    this.minConfidence = minConfidence;
    this.maxFindings = maxFindings;
    Map<String, List<Integer>> byKeyword = new LinkedHashMap<>();
    for (int i = 0; i < this.rules.size(); i++) {
      for (String keyword : this.rules.get(i).keywords()) {
        byKeyword.computeIfAbsent(keyword, k -> new ArrayList<>()).add(i);
      }
    }
    for (String marker : MARKUP) {
      byKeyword.computeIfAbsent(marker, k -> new ArrayList<>()).add(-1);
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

  /** A rule's match within a segment. */
  private record Match(InjectionRule rule, int start, int end) {}

  private void scan(TextSegment segment, List<Finding> findings) {
    String text = segment.text();
    boolean[] markup = new boolean[1];
    List<Match> matches = match(text, markup);
    List<Finding> found = new ArrayList<>();
    Set<String> weakRules = new HashSet<>();
    for (Match match : matches) {
      if (match.rule().confidence() < minConfidence) {
        weakRules.add(match.rule().id());
      }
    }
    boolean weakAgree = weakRules.size() >= 2;
    for (Match match : matches) {
      InjectionRule rule = match.rule();
      double confidence = rule.confidence();
      if (confidence < minConfidence) {
        if (!weakAgree) {
          continue;
        }
        confidence = Math.max(minConfidence, Math.min(0.8, confidence + 0.25));
      }
      found.add(finding(segment, rule.category(), rule.id(), rule.severity(), confidence, match));
    }
    hiddenText(segment, text, markup[0], matches, found);
    found.sort(java.util.Comparator.comparingDouble(Finding::confidence).reversed());
    for (Finding finding : found) {
      if (findings.size() >= maxFindings) {
        return;
      }
      findings.add(finding);
    }
  }

  private List<Match> match(String text, boolean[] markup) {
    int n = text.length();
    List<Match> matches = new ArrayList<>();
    Matcher[] matchers = new Matcher[rules.size()];
    int[] covered = new int[rules.size()];
    int[] count = new int[rules.size()];
    keywords.scan(
        text,
        (keyword, start, end) -> {
          for (int index : rulesOfKeyword[keyword]) {
            if (index < 0) {
              markup[0] = true;
              continue;
            }
            if (start < covered[index] || count[index] >= MAX_PER_RULE) {
              continue;
            }
            InjectionRule rule = rules.get(index);
            Matcher matcher = matchers[index];
            if (matcher == null) {
              matcher = matchers[index] = rule.pattern().matcher(text);
              matcher.useTransparentBounds(true).useAnchoringBounds(false);
            }
            int limit = Math.min(n, end + REACH);
            for (int from = Math.max(covered[index], start - rule.lead()); from <= start; from++) {
              matcher.region(from, limit);
              if (matcher.lookingAt() && matcher.end() > matcher.start()) {
                matches.add(new Match(rule, matcher.start(), matcher.end()));
                covered[index] = matcher.end();
                count[index]++;
                break;
              }
            }
          }
        });
    return matches;
  }

  private void hiddenText(
      TextSegment segment, String text, boolean markup, List<Match> matches, List<Finding> out) {
    if (segment.isDecoded() && !matches.isEmpty()) {
      out.add(
          hidden(
              segment, "instructions-in-encoded-text", Severity.HIGH, 0.9, 0, text.length(), text));
    }
    if (markup) {
      for (HiddenRegions.Region region : HiddenRegions.of(text)) {
        boolean ruleInside =
            matches.stream().anyMatch(m -> m.start() >= region.start() && m.end() <= region.end());
        String rule = "instructions-in-" + region.how();
        if (ruleInside) {
          out.add(hidden(segment, rule, Severity.HIGH, 0.9, region.start(), region.end(), text));
        } else if (ADDRESSES_MODEL.matcher(text).region(region.start(), region.end()).find()) {
          out.add(hidden(segment, rule, Severity.MEDIUM, 0.6, region.start(), region.end(), text));
        }
      }
    }
    UnicodeTags.Run tags = UnicodeTags.find(text);
    if (tags != null) {
      boolean instructs = !match(tags.decoded(), new boolean[1]).isEmpty();
      out.add(
          hidden(
              segment,
              "unicode-tag-characters",
              instructs ? Severity.HIGH : Severity.MEDIUM,
              instructs ? 0.95 : 0.6,
              tags.start(),
              tags.end(),
              tags.decoded()));
    }
  }

  private static Finding hidden(
      TextSegment segment,
      String rule,
      Severity severity,
      double confidence,
      int start,
      int end,
      String shown) {
    return Finding.builder("prompt-injection." + BundledInjectionRules.HIDDEN, rule)
        .severity(severity)
        .confidence(confidence)
        .at(segment, start, end)
        .excerpt(excerpt(shown, start == 0 && end == shown.length() ? 0 : -1, shown.length()))
        .build();
  }

  private static Finding finding(
      TextSegment segment,
      String category,
      String rule,
      Severity severity,
      double confidence,
      Match match) {
    return Finding.builder(category, rule)
        .severity(severity)
        .confidence(confidence)
        .at(segment, match.start(), match.end())
        .excerpt(excerpt(segment.text(), match.start(), match.end()))
        .build();
  }

  /** Up to 80 characters of the match; injected text is not secret, so it is shown as is. */
  private static String excerpt(String text, int start, int end) {
    int from = Math.max(0, start);
    int to = Math.min(end, from + 80);
    return text.substring(from, Math.min(to, text.length())).replace('\n', ' ');
  }
}
