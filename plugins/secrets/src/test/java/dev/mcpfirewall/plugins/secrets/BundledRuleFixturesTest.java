package dev.mcpfirewall.plugins.secrets;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mcpfirewall.plugins.api.Finding;
import dev.mcpfirewall.plugins.api.Inspector;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/**
 * Every bundled rule against its fixtures (src/test/resources/rule-fixtures.jsonl): each positive
 * must be found by that rule with the span exactly on the secret, each negative must not be found
 * by it. The fixtures' secrets are synthesised random strings in the providers' formats.
 */
class BundledRuleFixturesTest {
  private static final Inspector SECRETS =
      new SecretsDetector().configure(TestContexts.context(Map.of()));

  @TestFactory
  Stream<DynamicTest> eachRuleFixture() throws Exception {
    return Fixture.load("rule-fixtures.jsonl").stream()
        .map(
            fixture ->
                DynamicTest.dynamicTest(
                    fixture.rule() + " " + fixture.name(), () -> check(fixture)));
  }

  private static void check(Fixture fixture) {
    List<Finding> findings = SECRETS.inspect(TestContexts.outbound(fixture.text()));
    List<Finding> byRule = findings.stream().filter(f -> f.rule().equals(fixture.rule())).toList();
    if (fixture.expect()) {
      assertThat(byRule).as("findings of %s in all %s", fixture.rule(), findings).hasSize(1);
      Finding finding = byRule.get(0);
      assertThat(fixture.text().substring(finding.start(), finding.end()))
          .isEqualTo(fixture.text().substring(fixture.start(), fixture.end()));
      assertThat(finding.category()).isEqualTo("secret");
      assertThat(finding.excerpt()).endsWith(SecretExcerpt.MARKER);
      assertThat(finding.excerpt().length()).isLessThanOrEqualTo(4 + SecretExcerpt.MARKER.length());
    } else {
      assertThat(byRule).as("findings of %s", fixture.rule()).isEmpty();
    }
  }

  @Test
  void everyBundledRuleHasAPositiveAndANegativeFixture() throws Exception {
    List<Fixture> fixtures = Fixture.load("rule-fixtures.jsonl");
    Set<String> positive =
        fixtures.stream().filter(Fixture::expect).map(Fixture::rule).collect(Collectors.toSet());
    Set<String> negative =
        fixtures.stream().filter(f -> !f.expect()).map(Fixture::rule).collect(Collectors.toSet());
    List<String> ids = SecretsDetector.bundledRules().stream().map(SecretRule::id).toList();
    assertThat(ids).hasSizeGreaterThanOrEqualTo(60).doesNotHaveDuplicates();
    assertThat(positive).containsAll(ids);
    assertThat(negative).containsAll(ids);
  }
}
