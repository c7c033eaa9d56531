package dev.mcpfirewall.detect.policy;

import dev.mcpfirewall.config.PluginsConfig.DetectionPolicy;
import dev.mcpfirewall.config.PluginsConfig.Rule;
import dev.mcpfirewall.pipeline.Verdict;
import dev.mcpfirewall.plugins.api.Categories;
import dev.mcpfirewall.plugins.api.Direction;
import dev.mcpfirewall.plugins.api.Finding;
import dev.mcpfirewall.plugins.api.Severity;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Turns one finding into a verdict: the first matching rule of the upstream's rules, the caller's
 * roles' rules, the general rules, then the built-in defaults ({@link #BUILT_IN}); {@code monitor}
 * when nothing matches. Immutable.
 */
public final class VerdictPolicy {

  /**
   * The defaults a demanding security team would start from: secrets never leave redacted-less and
   * never reach a tool server unchecked, injections are blocked where they steer a model, tool
   * poisoning is blocked, personal data is recorded (payment cards redacted on the way out).
   */
  public static final List<Rule> BUILT_IN =
      List.of(
          rule(Categories.SECRET, Direction.OUTBOUND, Severity.INFO, Verdict.REDACT),
          rule(Categories.SECRET, Direction.INBOUND, Severity.HIGH, Verdict.BLOCK),
          rule(Categories.SECRET, null, Severity.INFO, Verdict.REDACT),
          rule(Categories.PROMPT_INJECTION, Direction.INBOUND, Severity.HIGH, Verdict.BLOCK),
          rule(Categories.PROMPT_INJECTION, Direction.OUTBOUND, Severity.HIGH, Verdict.BLOCK),
          rule(Categories.PROMPT_INJECTION, Direction.OUTBOUND, Severity.MEDIUM, Verdict.REDACT),
          rule(
              Categories.PROMPT_INJECTION,
              Direction.TOOL_DESCRIPTION,
              Severity.MEDIUM,
              Verdict.BLOCK),
          rule(Categories.TOOL_POISONING, null, Severity.MEDIUM, Verdict.BLOCK),
          rule(Categories.PII_PAYMENT_CARD, Direction.OUTBOUND, Severity.INFO, Verdict.REDACT),
          rule(Categories.PII, null, Severity.INFO, Verdict.MONITOR));

  private final Map<String, List<Rule>> upstreams;
  private final Map<String, List<Rule>> roles;
  private final List<Rule> general;

  public VerdictPolicy(DetectionPolicy config) {
    this.upstreams = config.upstreams();
    this.roles = config.roles();
    List<Rule> all = new ArrayList<>(config.rules());
    if (config.builtInDefaults()) {
      all.addAll(BUILT_IN);
    }
    this.general = List.copyOf(all);
  }

  private static Rule rule(String category, Direction direction, Severity min, Verdict verdict) {
    return new Rule(category, Optional.ofNullable(direction), min, verdict);
  }

  /** The verdict for {@code finding} in a message travelling {@code direction}. */
  public Verdict judge(
      Finding finding, Direction direction, Set<String> callerRoles, String upstream) {
    if (upstream != null && !upstreams.isEmpty()) {
      Verdict v = first(upstreams.get(upstream), finding, direction);
      if (v != null) {
        return v;
      }
    }
    if (!roles.isEmpty() && !callerRoles.isEmpty()) {
      for (Map.Entry<String, List<Rule>> role : roles.entrySet()) {
        if (callerRoles.contains(role.getKey())) {
          Verdict v = first(role.getValue(), finding, direction);
          if (v != null) {
            return v;
          }
        }
      }
    }
    Verdict v = first(general, finding, direction);
    return v == null ? Verdict.MONITOR : v;
  }

  private static Verdict first(List<Rule> rules, Finding finding, Direction direction) {
    if (rules == null) {
      return null;
    }
    for (Rule rule : rules) {
      if ((rule.category().equals("*") || finding.isIn(rule.category()))
          && finding.severity().atLeast(rule.minSeverity())
          && rule.direction().map(d -> d == direction).orElse(true)) {
        return rule.verdict();
      }
    }
    return null;
  }
}
