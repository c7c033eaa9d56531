package dev.mcpfirewall.plugins.secrets;

import dev.mcpfirewall.plugins.api.Severity;
import java.util.List;
import java.util.Objects;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One secret-detection rule, in the shape of a gitleaks rule: a regex whose {@code secretGroup}
 * captures the secret, keywords that must occur for the regex to run, a minimum Shannon entropy and
 * allowlists that discard matches.
 *
 * @param id stable rule id; findings and redaction markers name it
 * @param description what the rule finds
 * @param pattern the compiled regex
 * @param secretGroup the capturing group holding the secret; 0 means the first group if the regex
 *     has one, else the whole match (gitleaks' convention)
 * @param minEntropy the minimum Shannon entropy (bits per character) of the secret; 0 disables it
 * @param keywords lowercase keywords, one of which must occur in the text; empty means always run
 * @param allowlists matches any of these discard drop the candidate
 * @param severity the severity of a finding
 * @param priority higher wins when findings of two rules overlap (specific rules over generic ones)
 * @param maxSpan how far from a keyword occurrence a match may reach; the regex runs only within
 *     that distance of the keyword occurrences. 0 runs it over the whole text (rules from files
 *     that do not say, whose reach is unknown)
 */
public record SecretRule(
    String id,
    String description,
    Pattern pattern,
    int secretGroup,
    double minEntropy,
    List<String> keywords,
    List<RuleAllowlist> allowlists,
    Severity severity,
    int priority,
    int maxSpan) {

  public SecretRule {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(pattern, "pattern");
    description = description == null ? "" : description;
    keywords = List.copyOf(keywords);
    allowlists = List.copyOf(allowlists);
    Objects.requireNonNull(severity, "severity");
  }

  /** The group of {@code matcher}'s current match that holds the secret. */
  int secretGroupOf(Matcher matcher) {
    if (secretGroup > 0 && secretGroup <= matcher.groupCount()) {
      return secretGroup;
    }
    if (secretGroup == 0 && matcher.groupCount() >= 1 && matcher.group(1) != null) {
      return 1;
    }
    return 0;
  }

  /** True when any of this rule's allowlists discards the candidate. */
  boolean allows(String secret, String match, String text) {
    for (RuleAllowlist allowlist : allowlists) {
      if (allowlist.discards(secret, match, text)) {
        return true;
      }
    }
    return false;
  }
}
