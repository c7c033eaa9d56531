package dev.mcpfirewall.detect;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mcpfirewall.config.AuthConfig.KeyScopes;
import dev.mcpfirewall.config.FirewallConfig;
import dev.mcpfirewall.config.LimitsConfig;
import dev.mcpfirewall.config.PluginsConfig;
import dev.mcpfirewall.config.PluginsConfig.DetectorSettings;
import dev.mcpfirewall.detect.fixtures.ClasspathProbeDetector;
import dev.mcpfirewall.detect.fixtures.TokenDetector;
import dev.mcpfirewall.plugins.testkit.PluginArchive;
import dev.mcpfirewall.testpeers.FirewallUnderTest;
import dev.mcpfirewall.testpeers.RawAgent;
import io.vertx.core.MultiMap;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Loading plugin archives: the sample vendor plugin from the zip its own build produced,
 * Plugin-Requires refusal, signature checking against a trust store, and configuration validated
 * against a detector's schema at start-up.
 */
@Timeout(120)
class PluginLoadingTest {

  /**
   * The sample vendor plugin's zip: on the test class path (a test dependency) or in its target.
   */
  static Path sampleVendorZip() {
    for (String entry : System.getProperty("java.class.path").split(File.pathSeparator)) {
      if (entry.contains("sample-vendor-plugin") && entry.endsWith("-plugin.zip")) {
        return Path.of(entry);
      }
    }
    Path target = Path.of("..", "plugins", "sample-vendor-plugin", "target");
    try (Stream<Path> files = Files.list(target)) {
      return files
          .filter(p -> p.getFileName().toString().endsWith("-plugin.zip"))
          .findFirst()
          .orElseThrow();
    } catch (Exception e) {
      throw new AssertionError(
          "the sample vendor plugin's zip is not built: run ./mvnw -pl plugins/sample-vendor-plugin"
              + " package first (./mvnw verify builds it before the firewall)");
    }
  }

  private static FirewallUnderTest firewall(PluginsConfig plugins) throws Exception {
    return FirewallUnderTest.start(config(plugins));
  }

  private static FirewallConfig config(PluginsConfig plugins) {
    return FirewallUnderTest.config(List.of(), LimitsConfig.defaults()).withPlugins(plugins);
  }

  private static RawAgent.Reply inspect(FirewallUnderTest firewall, String text, String direction)
      throws Exception {
    try (RawAgent agent = new RawAgent(firewall.vertx(), firewall.port(), firewall.agentKey())) {
      return agent.post(
          "/v1/inspect",
          new JsonObject().put("text", text).put("direction", direction).encode(),
          Map.of());
    }
  }

  private static JsonObject plugins(FirewallUnderTest firewall) throws Exception {
    String adminKey =
        firewall.createKey("plugins-admin", List.of("admin"), KeyScopes.unrestricted());
    try (RawAgent admin = new RawAgent(firewall.vertx(), firewall.node().adminPort(), adminKey)) {
      return admin
          .send(HttpMethod.GET, "/admin/api/plugins", MultiMap.caseInsensitiveMultiMap(), null)
          .json();
    }
  }

  @Test
  void theSampleVendorPluginLoadsFromItsArchiveAndItsFindingsFollowPolicy(@TempDir Path dir)
      throws Exception {
    Files.copy(sampleVendorZip(), dir.resolve("acme.zip"), StandardCopyOption.REPLACE_EXISTING);
    PluginsConfig plugins =
        PluginsConfig.defaults()
            .withDirectory(dir)
            .withDetectors(
                Map.of(
                    "acme-internal-hosts",
                    DetectorSettings.defaults()
                        .withConfig(
                            Map.of("domains", List.of("corp.acme.example"), "severity", "high"))));
    plugins =
        new PluginsConfig(
            plugins.directory(),
            false,
            plugins.trustStore(),
            plugins.deadline(),
            plugins.workers(),
            plugins.circuitBreaker(),
            plugins.detectors(),
            new PluginsConfig.DetectionPolicy(
                List.of(
                    new PluginsConfig.Rule(
                        "acme",
                        java.util.Optional.empty(),
                        dev.mcpfirewall.plugins.api.Severity.INFO,
                        dev.mcpfirewall.pipeline.Verdict.REDACT)),
                Map.of(),
                Map.of(),
                true),
            plugins.maxInspectChars());
    try (FirewallUnderTest firewall = firewall(plugins)) {
      assertThat(plugins(firewall).getJsonArray("loaded").getString(0))
          .startsWith("acme-internal-hosts@");
      JsonObject answer =
          inspect(firewall, "logs are on build-07.corp.acme.example today", "outbound").json();
      assertThat(answer.getString("verdict")).isEqualTo("redact");
      assertThat(answer.getString("redacted"))
          .isEqualTo("logs are on [REDACTED:acme-internal-host] today");
      assertThat(answer.getJsonArray("findings").getJsonObject(0).getString("detector"))
          .isEqualTo("acme-internal-hosts");
    }
  }

  @Test
  void bundledDetectorsAreFoundOnTheClassPathThroughTheExtensionIndex(@TempDir Path dir)
      throws Exception {
    try (FirewallUnderTest firewall = firewall(PluginsConfig.defaults())) {
      String adminKey =
          firewall.createKey("probe-admin", List.of("admin"), KeyScopes.unrestricted());
      try (RawAgent admin = new RawAgent(firewall.vertx(), firewall.node().adminPort(), adminKey)) {
        JsonObject probe =
            admin
                .send(
                    HttpMethod.GET,
                    "/admin/api/detectors/classpath-probe",
                    MultiMap.caseInsensitiveMultiMap(),
                    null)
                .json();
        assertThat(probe.getString("origin")).isEqualTo("bundled");
        assertThat(probe.getBoolean("enabled")).isTrue();
      }
      JsonObject answer =
          inspect(firewall, "x " + ClasspathProbeDetector.MARKER + " y", "inbound").json();
      assertThat(answer.getString("verdict")).isEqualTo("monitor");
      assertThat(answer.getJsonArray("findings").getJsonObject(0).getString("detector"))
          .isEqualTo("classpath-probe");
    }
  }

  @Test
  void invalidDetectorConfigurationStopsStartUpNamingThePath(@TempDir Path dir) {
    PluginsConfig plugins =
        PluginsConfig.defaults()
            .withDirectory(copySample(dir))
            .withDetectors(
                Map.of(
                    "acme-internal-hosts",
                    DetectorSettings.defaults().withConfig(Map.of("severity", "apocalyptic"))));
    assertThatThrownBy(() -> firewall(plugins).close())
        .isInstanceOf(ExecutionException.class)
        .cause()
        .hasMessageContaining("/plugins/detectors/acme-internal-hosts/config/severity");
  }

  @Test
  void aConfiguredDetectorThatIsNotInstalledStopsStartUp(@TempDir Path dir) {
    PluginsConfig plugins =
        PluginsConfig.defaults()
            .withDirectory(dir)
            .withDetectors(Map.of("no-such-detector", DetectorSettings.defaults()));
    assertThatThrownBy(() -> firewall(plugins).close())
        .cause()
        .hasMessageContaining("/plugins/detectors/no-such-detector")
        .hasMessageContaining("no detector with this id is installed");
  }

  @Test
  void aPluginRequiringANewerApiIsRefusedWithAClearMessage(@TempDir Path dir) throws Exception {
    PluginArchive.builder("future-plugin", "3.0.0")
        .requires(">=2.0.0")
        .extension(TokenDetector.class)
        .writeZip(dir.resolve("future.zip"));
    try (FirewallUnderTest firewall = firewall(PluginsConfig.defaults().withDirectory(dir))) {
      JsonObject plugins = plugins(firewall);
      assertThat(plugins.getJsonArray("loaded")).isEmpty();
      JsonObject refused = plugins.getJsonArray("refused").getJsonObject(0);
      assertThat(refused.getString("archive")).isEqualTo("future.zip");
      assertThat(refused.getString("reason"))
          .contains("requires plugin API >=2.0.0")
          .contains("provides plugin API 1.0.0");
      assertThat(inspect(firewall, "SECRET-TOKEN-ABCD1234", "outbound").json().getString("verdict"))
          .isEqualTo("allow");
    }
  }

  @Test
  void withSignaturesRequiredOnlyArchivesSignedByATrustedCertificateLoad(@TempDir Path dir)
      throws Exception {
    Path keys = Files.createDirectories(dir.resolve("keys"));
    Path plugins = Files.createDirectories(dir.resolve("plugins"));
    Path vendor = JdkTools.keyPair(keys, "vendor");
    Path stranger = JdkTools.keyPair(keys, "stranger");
    Path trust = JdkTools.trustStore(keys, vendor, "vendor");

    Path signed =
        PluginArchive.builder("signed-tokens", "1.0.0")
            .extension(TokenDetector.class)
            .writeZip(plugins.resolve("a-signed.zip"));
    JdkTools.sign(signed, vendor, "vendor");
    Path foreign =
        PluginArchive.builder("foreign", "1.0.0")
            .extension(dev.mcpfirewall.detect.fixtures.InjectionMarkerDetector.class)
            .writeZip(plugins.resolve("b-foreign.zip"));
    JdkTools.sign(foreign, stranger, "stranger");
    PluginArchive.builder("unsigned", "1.0.0")
        .extension(dev.mcpfirewall.detect.fixtures.CrashingDetector.class)
        .writeZip(plugins.resolve("c-unsigned.zip"));

    PluginsConfig config =
        PluginsConfig.defaults()
            .withDirectory(plugins)
            .withSignatures(new PluginsConfig.TrustStore(trust, "PKCS12", "changeit"));
    try (FirewallUnderTest firewall = firewall(config)) {
      JsonObject state = plugins(firewall);
      assertThat(state.getJsonArray("loaded")).containsExactly("signed-tokens@1.0.0");
      JsonArray refused = state.getJsonArray("refused");
      assertThat(refused).hasSize(2);
      assertThat(refused.getJsonObject(0).getString("reason"))
          .contains("b-foreign.zip")
          .contains("not in the plugin trust store");
      assertThat(refused.getJsonObject(1).getString("reason"))
          .contains("c-unsigned.zip")
          .contains("is not signed");
      assertThat(inspect(firewall, "SECRET-TOKEN-ABCD1234", "outbound").json().getString("verdict"))
          .isEqualTo("redact");
    }
  }

  private static Path copySample(Path dir) {
    try {
      Files.copy(sampleVendorZip(), dir.resolve("acme.zip"), StandardCopyOption.REPLACE_EXISTING);
      return dir;
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }
}
