package dev.mcpfirewall.plugins.toolpoisoning;

import dev.mcpfirewall.plugins.api.Severity;
import java.util.regex.Pattern;

/**
 * One tool-poisoning heuristic: a regex over a tool's description (or schema text), reporting
 * {@code tool-poisoning.<kind>}.
 *
 * @param id stable rule id
 * @param kind the category suffix
 * @param severity the severity of a finding
 * @param confidence how sure a match makes the detector
 * @param pattern the regex; linear by construction (literal start, bounded gaps)
 * @param keywords lowercase words one of which every match contains
 * @param lead the most characters a match can start before its keyword
 */
record PoisonRule(
    String id,
    String kind,
    Severity severity,
    double confidence,
    Pattern pattern,
    java.util.List<String> keywords,
    int lead) {

  String category() {
    return "tool-poisoning." + kind;
  }
}
