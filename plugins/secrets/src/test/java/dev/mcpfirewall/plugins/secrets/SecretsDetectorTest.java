package dev.mcpfirewall.plugins.secrets;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mcpfirewall.plugins.api.Finding;
import dev.mcpfirewall.plugins.api.Inspector;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;

class SecretsDetectorTest {
  private static final String AWS_KEY = "AKIA" + "QWERTZ2345UIOPAS";
  private static final String TEXT = "found " + AWS_KEY + " in the build log";

  @Test
  void findsTheSecretSpanAndRedactsTheExcerpt() {
    Inspector inspector = new SecretsDetector().configure(TestContexts.context(Map.of()));
    List<Finding> findings = inspector.inspect(TestContexts.outbound(TEXT));
    assertThat(findings).hasSize(1);
    Finding finding = findings.get(0);
    assertThat(finding.rule()).isEqualTo("aws-access-key-id");
    assertThat(TEXT.substring(finding.start(), finding.end())).isEqualTo(AWS_KEY);
    assertThat(finding.excerpt()).isEqualTo("AKIA…[REDACTED]").doesNotContain(AWS_KEY);
    assertThat(finding.pointer()).isEqualTo("/t");
  }

  @Test
  void findsSecretsDeepInLongTextsAndLongKeysWhole() {
    String filler = "lorem ipsum dolor sit amet, consectetur adipiscing elit. ".repeat(2000);
    StringBuilder pem = new StringBuilder("-----BEGIN RSA PRIVATE KEY-----\n");
    for (int line = 0; line < 60; line++) {
      pem.append("MIIEowIBAAKCAQEAx9Qz1Kp4Rt7Lw2Vb6Nc3Hf8Jd0Gs5Mn1Pq9Ty4Ue2Wi7Oa3Sd6Fg8Hj0Kl2Zx\n");
    }
    pem.append("-----END RSA PRIVATE KEY-----");
    String text = filler + "key: " + AWS_KEY + "\n" + filler + pem + filler;
    List<Finding> findings =
        new SecretsDetector()
            .configure(TestContexts.context(Map.of()))
            .inspect(TestContexts.outbound(text));
    assertThat(findings)
        .extracting(Finding::rule)
        .containsExactlyInAnyOrder("aws-access-key-id", "private-key");
    Finding key =
        findings.stream().filter(f -> f.rule().equals("private-key")).findFirst().orElseThrow();
    assertThat(text.substring(key.start(), key.end())).isEqualTo(pem.toString());
  }

  @Test
  void disabledRulesAndAllowlistsSilenceFindings() {
    Inspector disabled =
        new SecretsDetector()
            .configure(TestContexts.context(Map.of("disabledRules", List.of("aws-access-key-id"))));
    assertThat(disabled.inspect(TestContexts.outbound(TEXT))).isEmpty();
    Inspector allowed =
        new SecretsDetector()
            .configure(TestContexts.context(Map.of("allowlist", List.of("^AKIAQWERTZ"))));
    assertThat(allowed.inspect(TestContexts.outbound(TEXT))).isEmpty();
  }

  @Test
  void anEntropyOverrideRaisesARulesThreshold() {
    Inspector strict =
        new SecretsDetector()
            .configure(TestContexts.context(Map.of("entropy", Map.of("aws-access-key-id", 7.5))));
    assertThat(strict.inspect(TestContexts.outbound(TEXT))).isEmpty();
  }

  @Test
  void loadsAnAdminRuleFileFromTheDataDirectory(@TempDir Path dir) throws Exception {
    Files.writeString(
        dir.resolve("acme.toml"),
        """
        [[rules]]
        id = "acme-token"
        regex = '''\\b(acme_[a-z0-9]{20})\\b'''
        keywords = ["acme_"]
        severity = "critical"

        [[rules]]
        id = "broken"
        regex = '''(?<!x'''
        """);
    Inspector inspector =
        new SecretsDetector()
            .configure(
                TestContexts.context(
                    Map.of("bundledRules", false, "ruleFiles", List.of("acme.toml")), dir));
    List<Finding> findings =
        inspector.inspect(TestContexts.outbound("key acme_q1w2e3r4t5y6u7i8o9p0 end"));
    assertThat(findings).extracting(Finding::rule).containsExactly("acme-token");
    assertThat(findings.get(0).severity().name()).isEqualTo("CRITICAL");
  }

  @Test
  void unusableConfigurationIsRefusedWithAClearMessage(@TempDir Path dir) {
    assertThatThrownBy(
            () ->
                new SecretsDetector()
                    .configure(TestContexts.context(Map.of("allowlist", List.of("(")))))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("allowlist regex");
    assertThatThrownBy(
            () ->
                new SecretsDetector()
                    .configure(
                        TestContexts.context(Map.of("ruleFiles", List.of("nope.toml")), dir)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("nope.toml");
  }

  @Test
  void theConfigSchemaIsAJsonSchemaObject() {
    JsonNode schema = new ObjectMapper().readTree(new SecretsDetector().configSchema());
    assertThat(schema.path("type").asString()).isEqualTo("object");
    assertThat(schema.path("properties").propertyNames())
        .contains("bundledRules", "ruleFiles", "disabledRules", "entropy", "allowlist");
  }

  @Test
  void placeholdersAndLowEntropyValuesAreNotSecrets() {
    assertThat(Placeholders.isPlaceholder("AKIAIOSFODNN7EXAMPLE")).isTrue();
    assertThat(Placeholders.isPlaceholder("sk_live_xxxxxxxxxxxxxxxx")).isTrue();
    assertThat(Placeholders.isPlaceholder("<your-key>")).isTrue();
    assertThat(Placeholders.isPlaceholder("${API_TOKEN}")).isTrue();
    assertThat(Placeholders.isPlaceholder("key-abcdefgh12")).isTrue();
    assertThat(Placeholders.isPlaceholder("ghp_Zq8mV2kP4tR7wX1yB3nC5dF6gH9jK0lM2sQ4")).isFalse();
    assertThat(ShannonEntropy.of("aaaa")).isZero();
    assertThat(ShannonEntropy.of("abcd")).isEqualTo(2.0);
  }
}
