package dev.mcpfirewall.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mcpfirewall.config.PluginsConfig.FailMode;
import dev.mcpfirewall.config.PluginsConfig.Mode;
import dev.mcpfirewall.pipeline.Verdict;
import dev.mcpfirewall.plugins.api.Direction;
import dev.mcpfirewall.plugins.api.Severity;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The {@code plugins} section: bound with defaults, and errors that name the path. */
class PluginsConfigTest {
  private final ConfigLoader loader = new ConfigLoader(Map.of("TRUST", "s3cret"));

  @Test
  void anAbsentSectionMeansBundledDetectorsWithDefaults() {
    FirewallConfig config =
        loader.parse("upstreams: [{name: a, url: \"http://127.0.0.1:1/mcp\"}]\n", "plain.yaml");
    assertThat(config.plugins()).isEqualTo(PluginsConfig.defaults());
    assertThat(config.plugins().settings("anything").failMode()).isEqualTo(FailMode.CLOSED);
  }

  @Test
  void theSectionIsBound() {
    FirewallConfig config =
        loader.parse(
            """
            upstreams: [{name: a, url: "http://127.0.0.1:1/mcp"}]
            plugins:
              directory: /opt/plugins
              requireSignatures: true
              trustStore: {path: /etc/trust.p12, password: "${TRUST}"}
              deadline: 80ms
              workers: 3
              circuitBreaker: {failures: 2, openFor: 1m}
              detectors:
                pii: {mode: monitor, failMode: open, deadline: 1s, config: {kinds: [email]}}
              policy:
                rules:
                  - {category: pii.email, direction: outbound, minSeverity: medium, verdict: redact}
                roles:
                  secops: [{category: secret, verdict: allow}]
                builtInDefaults: false
            """,
            "plugins.yaml");
    PluginsConfig plugins = config.plugins();
    assertThat(plugins.directory()).hasValue(java.nio.file.Path.of("/opt/plugins"));
    assertThat(plugins.requireSignatures()).isTrue();
    assertThat(plugins.trustStore().orElseThrow().password()).isEqualTo("s3cret");
    assertThat(plugins.trustStore().orElseThrow().type()).isEqualTo("PKCS12");
    assertThat(plugins.deadline()).isEqualTo(Duration.ofMillis(80));
    assertThat(plugins.workers()).isEqualTo(3);
    assertThat(plugins.circuitBreaker())
        .isEqualTo(new PluginsConfig.Breaker(2, Duration.ofMinutes(1)));
    PluginsConfig.DetectorSettings pii = plugins.settings("pii");
    assertThat(pii.mode()).isEqualTo(Mode.MONITOR);
    assertThat(pii.failMode()).isEqualTo(FailMode.OPEN);
    assertThat(pii.deadline()).hasValue(Duration.ofSeconds(1));
    assertThat(pii.config()).containsEntry("kinds", List.of("email"));
    PluginsConfig.Rule rule = plugins.policy().rules().get(0);
    assertThat(rule.direction()).hasValue(Direction.OUTBOUND);
    assertThat(rule.minSeverity()).isEqualTo(Severity.MEDIUM);
    assertThat(rule.verdict()).isEqualTo(Verdict.REDACT);
    assertThat(plugins.policy().roles().get("secops").get(0).verdict()).isEqualTo(Verdict.ALLOW);
    assertThat(plugins.policy().builtInDefaults()).isFalse();
  }

  @Test
  void errorsNameThePath() {
    assertThatThrownBy(
            () ->
                loader.parse(
                    """
                    upstreams: []
                    plugins:
                      detectors:
                        secrets: {mode: loud}
                      policy:
                        rules: [{category: secret, verdict: shred}]
                    """,
                    "bad.yaml"))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("/plugins/detectors/secrets/mode")
        .hasMessageContaining("/plugins/policy/rules/0/verdict");
  }

  @Test
  void requiredSignaturesNeedATrustStore() {
    assertThatThrownBy(
            () -> loader.parse("upstreams: []\nplugins: {requireSignatures: true}\n", "sig.yaml"))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("/plugins/requireSignatures: needs plugins.trustStore");
  }

  @Test
  void detectorIdsAreLowercaseWithDashes() {
    assertThatThrownBy(
            () ->
                loader.parse(
                    "upstreams: []\nplugins: {detectors: {Bad_Id: {enabled: true}}}\n", "id.yaml"))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("/plugins/detectors");
  }
}
