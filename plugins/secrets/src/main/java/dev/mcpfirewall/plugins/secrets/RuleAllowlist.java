package dev.mcpfirewall.plugins.secrets;

import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * A gitleaks-style allowlist attached to a rule: regexes (tested against the secret, the whole
 * match or the line, as {@code regexTarget} says) and stopwords (a secret containing one is
 * discarded). With {@code condition = "AND"} both kinds must agree; the default {@code OR} needs
 * either.
 *
 * @param regexes patterns that mark a candidate as allowed
 * @param target what the regexes are tested against
 * @param stopwords lowercase words that mark a secret as allowed
 * @param requireAll true for gitleaks' {@code condition = "AND"}
 */
public record RuleAllowlist(
    List<Pattern> regexes, Target target, List<String> stopwords, boolean requireAll) {

  /** What an allowlist regex is tested against. */
  public enum Target {
    SECRET,
    MATCH,
    LINE
  }

  public RuleAllowlist {
    regexes = List.copyOf(regexes);
    stopwords = stopwords.stream().map(s -> s.toLowerCase(Locale.ROOT)).toList();
  }

  boolean discards(String secret, String match, String text) {
    boolean hasRegexes = !regexes.isEmpty();
    boolean hasStopwords = !stopwords.isEmpty();
    if (!hasRegexes && !hasStopwords) {
      return false;
    }
    boolean byRegex = hasRegexes && regexMatches(secret, match, text);
    boolean byStopword = hasStopwords && containsStopword(secret);
    if (requireAll) {
      return (!hasRegexes || byRegex) && (!hasStopwords || byStopword);
    }
    return byRegex || byStopword;
  }

  private boolean regexMatches(String secret, String match, String line) {
    String subject =
        switch (target) {
          case SECRET -> secret;
          case MATCH -> match;
          case LINE -> line;
        };
    for (Pattern regex : regexes) {
      if (regex.matcher(subject).find()) {
        return true;
      }
    }
    return false;
  }

  private boolean containsStopword(String secret) {
    String lower = secret.toLowerCase(Locale.ROOT);
    for (String stopword : stopwords) {
      if (lower.contains(stopword)) {
        return true;
      }
    }
    return false;
  }
}
