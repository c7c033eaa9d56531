package dev.mcpfirewall.plugins.promptinjection;

import dev.mcpfirewall.plugins.api.Severity;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * One prompt-injection heuristic: a regex over normalised text, gated by keywords (one must occur
 * for the regex to run), reporting {@code prompt-injection.<kind>} at a severity and confidence. A
 * rule whose confidence is below the detector's threshold is a weak signal: alone it reports
 * nothing, two different weak signals in one segment report together.
 *
 * @param id stable rule id
 * @param kind the category suffix: instruction-override, role-tag, jailbreak, tool-coercion,
 *     exfiltration, prompt-leak, hidden-text
 * @param severity the severity of a finding
 * @param confidence how sure a match makes the detector, 0 to 1
 * @param keywords lowercase words, one of which must occur for the regex to run
 * @param pattern the regex
 * @param lead how many characters before a keyword occurrence a match can start; the regex is tried
 *     only at those starts, so ordinary text costs a handful of anchored attempts per keyword
 *     occurrence instead of a scan
 */
public record InjectionRule(
    String id,
    String kind,
    Severity severity,
    double confidence,
    List<String> keywords,
    Pattern pattern,
    int lead) {

  public InjectionRule {
    keywords = keywords.stream().map(k -> k.toLowerCase(Locale.ROOT)).toList();
  }

  /** The finding category, {@code prompt-injection.<kind>}. */
  public String category() {
    return "prompt-injection." + kind;
  }
}
