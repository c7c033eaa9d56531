package dev.mcpfirewall.audit.redact;

import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The audit trail's own safety net: things that look like credentials or payment cards are redacted
 * from every recorded string even when no detector plugin reported them. Deliberately small and
 * conservative (it may over-redact, never under-redact what it names): AWS access key ids, PEM
 * private keys, JWTs, GitHub and Slack tokens, bearer tokens, {@code password=}-style assignments,
 * credentials in connection strings, and Luhn-valid 13 to 19 digit card numbers.
 */
public final class SecretPatterns {
  /**
   * A rule: a cheap test that must hold for the pattern to have any chance (most strings fail it,
   * and skip the regular expression), the pattern, and the group that is redacted.
   */
  private record Rule(
      String name, java.util.function.Predicate<String> maybe, Pattern pattern, int group) {
    Rule(String name, String mustContain, Pattern pattern, int group) {
      this(name, t -> t.contains(mustContain), pattern, group);
    }
  }

  private static final List<Rule> RULES =
      List.of(
          new Rule(
              "pem-private-key",
              "-----BEGIN",
              Pattern.compile(
                  "-----BEGIN [A-Z0-9 ]*PRIVATE KEY( BLOCK)?-----[\\s\\S]*?(-----END [A-Z0-9 ]*PRIVATE"
                      + " KEY( BLOCK)?-----|\\z)"),
              0),
          new Rule(
              "aws-access-key-id",
              t ->
                  t.contains("AKIA")
                      || t.contains("ASIA")
                      || t.contains("ABIA")
                      || t.contains("ACCA")
                      || t.contains("AIDA")
                      || t.contains("AROA"),
              Pattern.compile(
                  "(?<![A-Z0-9])(AKIA|ASIA|ABIA|ACCA|AIDA|AROA)[A-Z0-9]{16}(?![A-Z0-9])"),
              0),
          new Rule(
              "jwt",
              "eyJ",
              Pattern.compile("eyJ[A-Za-z0-9_-]{4,}\\.eyJ[A-Za-z0-9_-]{4,}\\.[A-Za-z0-9_-]*"),
              0),
          new Rule(
              "github-token",
              t -> t.contains("gh") && t.indexOf('_') >= 0,
              Pattern.compile("gh[pousr]_[A-Za-z0-9]{30,}"),
              0),
          new Rule("slack-token", "xox", Pattern.compile("xox[abposr]-[A-Za-z0-9-]{10,}"), 0),
          new Rule(
              "bearer-token",
              t -> containsIgnoreCase(t, "bearer"),
              Pattern.compile("(?i)\\bbearer\\s+([A-Za-z0-9._~+/=-]{12,})"),
              1),
          new Rule(
              "credential-assignment",
              t -> t.indexOf('=') >= 0 || t.indexOf(':') >= 0,
              Pattern.compile(
                  "(?i)(?:password|passwd|pwd|secret|api[_-]?key|access[_-]?key|secret[_-]?key"
                      + "|client[_-]?secret|token|aws_secret_access_key)[\"']?\\s*[=:]\\s*[\"']?"
                      + "([^\\s\"'&;,]+)"),
              1),
          new Rule(
              "connection-string-credentials",
              t -> t.contains("://") && t.indexOf('@') >= 0,
              Pattern.compile("[A-Za-z][A-Za-z0-9+.-]*://[^/\\s:@]+:([^@\\s/]+)@"),
              1));

  private static final Pattern CARD = Pattern.compile("(?<!\\d)\\d(?:[ -]?\\d){12,18}(?!\\d)");

  /** Object member names whose values are always redacted. */
  private static final Pattern SENSITIVE_NAME =
      Pattern.compile(
          "(?i)password|passwd|secret|token|api[_-]?key|apikey|authorization|client[_-]?secret"
              + "|private[_-]?key|access[_-]?token|refresh[_-]?token|credentials?");

  private SecretPatterns() {}

  /** True when a member of this name holds a secret by its name alone. */
  public static boolean sensitiveName(String name) {
    return SENSITIVE_NAME.matcher(name).matches();
  }

  /**
   * Redacts what the patterns find in {@code text}.
   *
   * @param rules receives the names of the rules that matched
   * @return the text with each match replaced by {@code [REDACTED:rule]}, or {@code text} itself
   */
  public static String redact(String text, Set<String> rules) {
    if (text.length() < 12) {
      return text;
    }
    String out = text;
    for (Rule rule : RULES) {
      out = replace(out, rule, rules);
    }
    return cards(out, rules);
  }

  private static boolean containsIgnoreCase(String text, String lower) {
    for (int i = 0, n = text.length() - lower.length(); i <= n; i++) {
      if (text.regionMatches(true, i, lower, 0, lower.length())) {
        return true;
      }
    }
    return false;
  }

  private static String replace(String text, Rule rule, Set<String> rules) {
    if (!rule.maybe().test(text)) {
      return text;
    }
    Matcher m = rule.pattern().matcher(text);
    if (!m.find()) {
      return text;
    }
    StringBuilder out = new StringBuilder(text.length());
    int last = 0;
    do {
      int start = m.start(rule.group());
      int end = m.end(rule.group());
      if (start < 0 || end - start == 0 || text.startsWith("[REDACTED:", start)) {
        continue;
      }
      out.append(text, last, start).append("[REDACTED:").append(rule.name()).append(']');
      last = end;
      rules.add(rule.name());
    } while (m.find());
    return out.append(text, last, text.length()).toString();
  }

  private static String cards(String text, Set<String> rules) {
    int seen = 0;
    for (int i = 0, n = text.length(); i < n && seen < 13; i++) {
      char c = text.charAt(i);
      if (c >= '0' && c <= '9') {
        seen++;
      }
    }
    if (seen < 13) {
      return text;
    }
    Matcher m = CARD.matcher(text);
    StringBuilder out = null;
    int last = 0;
    while (m.find()) {
      String digits = m.group().replaceAll("[ -]", "");
      if (digits.length() < 13 || digits.length() > 19 || !luhn(digits)) {
        continue;
      }
      if (out == null) {
        out = new StringBuilder(text.length());
      }
      out.append(text, last, m.start()).append("[REDACTED:payment-card]");
      last = m.end();
      rules.add("payment-card");
    }
    return out == null ? text : out.append(text, last, text.length()).toString();
  }

  /** The Luhn checksum, as payment card numbers carry it. */
  static boolean luhn(String digits) {
    int sum = 0;
    boolean doubled = false;
    for (int i = digits.length() - 1; i >= 0; i--) {
      int d = digits.charAt(i) - '0';
      if (doubled) {
        d *= 2;
        if (d > 9) {
          d -= 9;
        }
      }
      sum += d;
      doubled = !doubled;
    }
    return sum % 10 == 0;
  }

  /** A sorted set for {@link #redact}'s rule names. */
  public static Set<String> ruleSet() {
    return new TreeSet<>();
  }
}
