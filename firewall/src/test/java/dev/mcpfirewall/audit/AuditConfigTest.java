package dev.mcpfirewall.audit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mcpfirewall.config.AuditConfig;
import dev.mcpfirewall.config.ConfigException;
import dev.mcpfirewall.config.ConfigLoader;
import dev.mcpfirewall.config.FirewallConfig;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The {@code audit} section: defaults, binding, and errors that name the path in the file. */
class AuditConfigTest {
  private static final String UPSTREAM =
      "upstreams: [{name: a, url: \"http://127.0.0.1:1/mcp\"}]\n";
  private final ConfigLoader loader = new ConfigLoader(Map.of());
  @TempDir Path dir;

  @Test
  void defaultsLiveUnderTheDataDirectoryBesideTheConfig() throws Exception {
    Path file = dir.resolve("fw.yaml");
    Files.writeString(file, UPSTREAM);
    AuditConfig audit = loader.load(file).audit();
    assertThat(audit.enabled()).isTrue();
    assertThat(audit.dir()).isEqualTo(dir.resolve("data/audit"));
    assertThat(audit.signingKey()).isEqualTo(dir.resolve("data/audit-signing.key"));
    assertThat(audit.durability()).isEqualTo(AuditConfig.Durability.FSYNC);
    assertThat(audit.retentionDays()).isEqualTo(190);
    assertThat(audit.legalHold()).isFalse();
  }

  @Test
  void everySettingBinds() throws Exception {
    Path file = dir.resolve("fw.yaml");
    Files.writeString(
        file,
        UPSTREAM
            + """
            audit:
              dir: trail
              nodeId: fw-1
              durability: os
              groupCommit: {maxRecords: 64, maxDelay: 2ms}
              segmentBytes: 1048576
              checkpointInterval: 10s
              retentionDays: 30
              allowRetentionBelowMinimum: true
              legalHold: true
              payloads: {capture: false, maxBytes: 1024}
              siem:
                syslog: {host: 127.0.0.1, port: 5514, protocol: tcp}
                webhook: {url: "https://siem.example.com/in"}
            """);
    AuditConfig audit = loader.load(file).audit();
    assertThat(audit.dir()).isEqualTo(dir.resolve("trail"));
    assertThat(audit.nodeId()).contains("fw-1");
    assertThat(audit.durability()).isEqualTo(AuditConfig.Durability.OS);
    assertThat(audit.groupCommitMaxRecords()).isEqualTo(64);
    assertThat(audit.groupCommitMaxDelay()).isEqualTo(Duration.ofMillis(2));
    assertThat(audit.segmentBytes()).isEqualTo(1048576);
    assertThat(audit.checkpointInterval()).isEqualTo(Duration.ofSeconds(10));
    assertThat(audit.retentionDays()).isEqualTo(30);
    assertThat(audit.legalHold()).isTrue();
    assertThat(audit.payloads().capture()).isFalse();
    assertThat(audit.siem().syslog()).contains(new AuditConfig.Syslog("127.0.0.1", 5514, true));
    assertThat(audit.siem().webhook()).isPresent();
  }

  @Test
  void retentionBelowSixMonthsNeedsTheNamedOverride() {
    assertThatThrownBy(() -> loader.parse(UPSTREAM + "audit: {retentionDays: 90}\n", "fw.yaml"))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("/audit/retentionDays: must be at least 180 days")
        .hasMessageContaining("allowRetentionBelowMinimum")
        .hasMessageContaining("(line 2");
  }

  @Test
  void mistakesNameTheirPath() {
    assertThatThrownBy(() -> loader.parse(UPSTREAM + "audit: {durability: sometimes}\n", "fw.yaml"))
        .hasMessageContaining("/audit/durability");
    assertThatThrownBy(() -> loader.parse(UPSTREAM + "audit: {directory: /x}\n", "fw.yaml"))
        .hasMessageContaining("/audit");
    assertThatThrownBy(
            () -> loader.parse(UPSTREAM + "audit: {siem: {syslog: {host: h}}}\n", "fw.yaml"))
        .hasMessageContaining("/audit/siem/syslog");
  }

  @Test
  void theDefaultConfigurationAudits() {
    FirewallConfig config = ConfigLoader.embeddedDefault();
    assertThat(config.audit().enabled()).isTrue();
    assertThat(config.audit().dir()).isEqualTo(config.dataDir().resolve("audit"));
  }
}
