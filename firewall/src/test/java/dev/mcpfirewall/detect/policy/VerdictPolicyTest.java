package dev.mcpfirewall.detect.policy;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mcpfirewall.config.PluginsConfig.DetectionPolicy;
import dev.mcpfirewall.config.PluginsConfig.Rule;
import dev.mcpfirewall.pipeline.Verdict;
import dev.mcpfirewall.plugins.api.Direction;
import dev.mcpfirewall.plugins.api.Finding;
import dev.mcpfirewall.plugins.api.Severity;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

class VerdictPolicyTest {

  private static Finding finding(String category, Severity severity) {
    return new Finding(category, severity, 0.9, "r", "/x", 0, 1, "");
  }

  private record Case(String category, Severity severity, Direction direction, Verdict expected) {}

  @TestFactory
  Stream<DynamicTest> builtInDefaults() {
    VerdictPolicy policy = new VerdictPolicy(DetectionPolicy.defaults());
    return Stream.of(
            new Case("secret", Severity.LOW, Direction.OUTBOUND, Verdict.REDACT),
            new Case("secret.aws", Severity.CRITICAL, Direction.OUTBOUND, Verdict.REDACT),
            new Case("secret", Severity.HIGH, Direction.INBOUND, Verdict.BLOCK),
            new Case("secret", Severity.MEDIUM, Direction.INBOUND, Verdict.REDACT),
            new Case("prompt-injection.override", Severity.HIGH, Direction.INBOUND, Verdict.BLOCK),
            new Case("prompt-injection", Severity.MEDIUM, Direction.INBOUND, Verdict.MONITOR),
            new Case("prompt-injection", Severity.HIGH, Direction.OUTBOUND, Verdict.BLOCK),
            new Case("prompt-injection", Severity.MEDIUM, Direction.OUTBOUND, Verdict.REDACT),
            new Case("tool-poisoning", Severity.MEDIUM, Direction.TOOL_DESCRIPTION, Verdict.BLOCK),
            new Case("tool-poisoning", Severity.LOW, Direction.TOOL_DESCRIPTION, Verdict.MONITOR),
            new Case("pii.payment-card", Severity.MEDIUM, Direction.OUTBOUND, Verdict.REDACT),
            new Case("pii.payment-card", Severity.MEDIUM, Direction.INBOUND, Verdict.MONITOR),
            new Case("pii.email", Severity.MEDIUM, Direction.OUTBOUND, Verdict.MONITOR),
            new Case("piiano.vendor", Severity.HIGH, Direction.OUTBOUND, Verdict.MONITOR),
            new Case("acme.unknown", Severity.CRITICAL, Direction.INBOUND, Verdict.MONITOR))
        .map(
            c ->
                DynamicTest.dynamicTest(
                    c.category() + " " + c.severity() + " " + c.direction(),
                    () ->
                        assertThat(
                                policy.judge(
                                    finding(c.category(), c.severity()),
                                    c.direction(),
                                    Set.of(),
                                    "u"))
                            .isEqualTo(c.expected())));
  }

  @Test
  void upstreamRulesComeFirstThenRolesThenGeneralRules() {
    Rule allowSecrets = new Rule("secret", Optional.empty(), Severity.INFO, Verdict.ALLOW);
    Rule blockPii = new Rule("pii", Optional.empty(), Severity.INFO, Verdict.BLOCK);
    Rule monitorAll = new Rule("*", Optional.empty(), Severity.INFO, Verdict.MONITOR);
    VerdictPolicy policy =
        new VerdictPolicy(
            new DetectionPolicy(
                List.of(blockPii),
                Map.of("secops", List.of(allowSecrets)),
                Map.of("sandbox", List.of(monitorAll)),
                true));
    Finding secret = finding("secret", Severity.HIGH);
    assertThat(policy.judge(secret, Direction.OUTBOUND, Set.of("secops"), "prod"))
        .isEqualTo(Verdict.ALLOW);
    assertThat(policy.judge(secret, Direction.OUTBOUND, Set.of("dev"), "prod"))
        .isEqualTo(Verdict.REDACT);
    assertThat(policy.judge(secret, Direction.INBOUND, Set.of("secops"), "sandbox"))
        .isEqualTo(Verdict.MONITOR);
    assertThat(
            policy.judge(finding("pii.email", Severity.LOW), Direction.OUTBOUND, Set.of(), "prod"))
        .isEqualTo(Verdict.BLOCK);
  }

  @Test
  void withoutBuiltInDefaultsAnUnmatchedFindingIsMonitored() {
    VerdictPolicy policy =
        new VerdictPolicy(new DetectionPolicy(List.of(), Map.of(), Map.of(), false));
    assertThat(policy.judge(finding("secret", Severity.CRITICAL), Direction.OUTBOUND, Set.of(), ""))
        .isEqualTo(Verdict.MONITOR);
  }

  @Test
  void aDirectionalRuleOnlyMatchesItsDirection() {
    VerdictPolicy policy =
        new VerdictPolicy(
            new DetectionPolicy(
                List.of(
                    new Rule(
                        "acme", Optional.of(Direction.OUTBOUND), Severity.HIGH, Verdict.BLOCK)),
                Map.of(),
                Map.of(),
                false));
    assertThat(policy.judge(finding("acme.x", Severity.HIGH), Direction.OUTBOUND, Set.of(), ""))
        .isEqualTo(Verdict.BLOCK);
    assertThat(policy.judge(finding("acme.x", Severity.HIGH), Direction.INBOUND, Set.of(), ""))
        .isEqualTo(Verdict.MONITOR);
    assertThat(policy.judge(finding("acme.x", Severity.MEDIUM), Direction.OUTBOUND, Set.of(), ""))
        .isEqualTo(Verdict.MONITOR);
  }
}
