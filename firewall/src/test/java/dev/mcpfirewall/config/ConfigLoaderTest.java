package dev.mcpfirewall.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.mcpfirewall.config.UpstreamConfig.Transport;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.io.TempDir;

class ConfigLoaderTest {

  /** The repository's config/ directory, seen from the firewall module. */
  private static final Path CONFIG = Path.of("..", "config");

  private static final Map<String, String> EXAMPLE_ENVIRONMENT =
      Map.of(
          "EVERYTHING_TOKEN", "example-token",
          "MCP_FIREWALL_KEY_PEPPER", "a-pepper-of-at-least-thirty-two-characters",
          "ALERT_TOKEN", "alert-token");

  private final ConfigLoader loader = new ConfigLoader(EXAMPLE_ENVIRONMENT);

  @TestFactory
  Stream<DynamicTest> theDefaultAndEveryExampleLoad() throws IOException {
    List<Path> files;
    try (Stream<Path> examples = Files.list(CONFIG.resolve("examples"))) {
      files =
          Stream.concat(
                  Stream.of(CONFIG.resolve("mcp-firewall.yaml")),
                  examples.filter(p -> p.toString().endsWith(".yaml")).sorted())
              .toList();
    }
    assertThat(files).hasSizeGreaterThanOrEqualTo(5);
    return files.stream()
        .map(
            file ->
                DynamicTest.dynamicTest(
                    file.toString(),
                    () -> {
                      FirewallConfig config = loader.load(file);
                      assertThat(config.source()).contains(file);
                      assertThat(config.upstreams()).isNotEmpty();
                    }));
  }

  @Test
  void theDefaultPutsTheFirewallOnLoopbackInFrontOfTheDemoUpstream() {
    FirewallConfig config = loader.load(CONFIG.resolve("mcp-firewall.yaml"));

    assertThat(config.listen().host()).isEqualTo("127.0.0.1");
    assertThat(config.listen().port()).isEqualTo(8080);
    assertThat(config.upstreams()).extracting(UpstreamConfig::name).containsExactly("demo");
    UpstreamConfig demo = config.upstream("demo").orElseThrow();
    assertThat(demo.url()).contains(URI.create("http://127.0.0.1:3001/mcp"));
    assertThat(demo.transport()).isEqualTo(Transport.STREAMABLE_HTTP);
  }

  @Test
  void theEmbeddedDefaultIsTheDefaultFileWithoutASource() {
    FirewallConfig embedded = ConfigLoader.embeddedDefault();
    FirewallConfig file = loader.load(CONFIG.resolve("mcp-firewall.yaml"));

    assertThat(embedded.source()).isEmpty();
    assertThat(embedded.listen()).isEqualTo(file.listen());
    assertThat(embedded.upstreams()).isEqualTo(file.upstreams());
    assertThat(embedded.limits()).isEqualTo(file.limits());
    assertThat(embedded.sessions()).isEqualTo(file.sessions());
    assertThat(embedded.protocolVersions()).isEqualTo(file.protocolVersions());
    assertThat(embedded.policy()).isEqualTo(file.policy());
  }

  @Test
  void theStreamableHttpExampleSendsTheUpstreamCredentialFromTheEnvironment() {
    FirewallConfig config = loader.load(CONFIG.resolve("examples/streamable-http.yaml"));

    UpstreamConfig everything = config.upstream("everything").orElseThrow();
    assertThat(everything.url()).contains(URI.create("http://127.0.0.1:3001/mcp"));
    assertThat(everything.headers()).containsEntry("Authorization", "Bearer example-token");
  }

  @Test
  void theStdioExampleStartsEverythingAndFilesystemServers() {
    FirewallConfig config = loader.load(CONFIG.resolve("examples/stdio.yaml"));

    assertThat(config.upstreams())
        .extracting(UpstreamConfig::transport)
        .containsOnly(Transport.STDIO);
    UpstreamConfig.StdioCommand everything =
        config.upstream("everything").orElseThrow().stdio().orElseThrow();
    assertThat(everything.command())
        .containsExactly("npx", "-y", "@modelcontextprotocol/server-everything");
    UpstreamConfig.StdioCommand files =
        config.upstream("files").orElseThrow().stdio().orElseThrow();
    assertThat(files.command()).contains("@modelcontextprotocol/server-filesystem");
    assertThat(files.env())
        .containsEntry("NODE_ENV", "production")
        .containsEntry("NPM_CONFIG_CACHE", "/tmp/mcp-firewall-npm-cache");
  }

  @Test
  void theLegacySseExampleUsesTheSseTransport() {
    FirewallConfig config = loader.load(CONFIG.resolve("examples/legacy-sse.yaml"));

    assertThat(config.upstreams())
        .singleElement()
        .satisfies(
            u -> {
              assertThat(u.transport()).isEqualTo(Transport.SSE);
              assertThat(u.url()).contains(URI.create("http://127.0.0.1:3002/sse"));
            });
  }

  @Test
  void omittedSettingsTakeTheDocumentedDefaults() {
    FirewallConfig config =
        loader.parse(
            """
            upstreams:
              - name: web
                url: http://127.0.0.1:3001/mcp
              - name: local
                command: [server]
            """,
            "minimal.yaml");

    assertThat(config.source()).isEmpty();
    assertThat(config.listen())
        .isEqualTo(
            new ListenConfig(
                ListenConfig.DEFAULT_HOST, ListenConfig.DEFAULT_PORT, List.of(), List.of()));
    assertThat(config.limits()).isEqualTo(LimitsConfig.defaults());
    assertThat(config.sessions()).isEqualTo(SessionConfig.defaults());
    assertThat(config.protocolVersions()).isEqualTo(FirewallConfig.DEFAULT_PROTOCOL_VERSIONS);

    UpstreamConfig web = config.upstream("web").orElseThrow();
    assertThat(web.transport()).isEqualTo(Transport.STREAMABLE_HTTP);
    assertThat(web.headers()).isEmpty();
    assertThat(web.stdio()).isEmpty();
    assertThat(web.timeouts()).isEqualTo(UpstreamConfig.Timeouts.defaults());

    UpstreamConfig local = config.upstream("local").orElseThrow();
    assertThat(local.transport()).isEqualTo(Transport.STDIO);
    assertThat(local.url()).isEmpty();
    assertThat(local.stdio())
        .contains(
            new UpstreamConfig.StdioCommand(
                List.of("server"), Map.of(), Optional.empty(), UpstreamConfig.Restart.defaults()));
  }

  @Test
  void everySettingIsRead() {
    FirewallConfig config =
        loader.parse(
            """
            listen:
              host: 0.0.0.0
              port: 9443
              allowedHosts: [mcp.example.com, "mcp.example.com:9443"]
              allowedOrigins: [https://app.example.com]
            upstreams:
              - name: remote_1
                url: https://mcp.example.com/sse
                transport: sse
                headers: {Authorization: Bearer abc, X-Tenant: blue}
                timeouts: {connect: 1500, request: 2h}
              - name: proc
                command: [/usr/bin/server, --flag]
                env: {TOKEN: xyz}
                cwd: /srv/mcp
                restart: {initialBackoff: 1s, maxBackoff: 1d, maxRestarts: 0}
            limits: {maxBodyBytes: 1024, maxJsonDepth: 8}
            sessions: {idleTimeout: 10m, maxSessions: 3}
            protocolVersions: ["2025-06-18"]
            """,
            "full.yaml");

    assertThat(config.listen())
        .isEqualTo(
            new ListenConfig(
                "0.0.0.0",
                9443,
                List.of("mcp.example.com", "mcp.example.com:9443"),
                List.of("https://app.example.com")));
    assertThat(config.upstreams().get(0))
        .isEqualTo(
            new UpstreamConfig(
                "remote_1",
                Transport.SSE,
                Optional.of(URI.create("https://mcp.example.com/sse")),
                Map.of("Authorization", "Bearer abc", "X-Tenant", "blue"),
                Optional.empty(),
                new UpstreamConfig.Timeouts(Duration.ofMillis(1500), Duration.ofHours(2))));
    assertThat(config.upstreams().get(1).stdio())
        .contains(
            new UpstreamConfig.StdioCommand(
                List.of("/usr/bin/server", "--flag"),
                Map.of("TOKEN", "xyz"),
                Optional.of(Path.of("/srv/mcp")),
                new UpstreamConfig.Restart(Duration.ofSeconds(1), Duration.ofDays(1), 0)));
    assertThat(config.limits()).isEqualTo(new LimitsConfig(1024, 8));
    assertThat(config.sessions()).isEqualTo(new SessionConfig(Duration.ofMinutes(10), 3));
    assertThat(config.protocolVersions()).containsExactly("2025-06-18");
  }

  @Test
  void aRelativeWorkingDirectoryIsResolvedAgainstTheFilesDirectory(@TempDir Path dir)
      throws IOException {
    String yaml = "upstreams: [{name: p, command: [server], cwd: work/area}]\n";
    Path file = Files.writeString(dir.resolve("fw.yaml"), yaml);

    assertThat(loader.load(file).upstreams().get(0).stdio().orElseThrow().workingDir())
        .contains(dir.toAbsolutePath().normalize().resolve("work/area"));
    assertThat(loader.parse(yaml, "text").upstreams().get(0).stdio().orElseThrow().workingDir())
        .contains(Path.of("work/area"));
  }

  @Test
  void keysReservedForLaterVersionsAreAcceptedAndIgnored() {
    FirewallConfig plain =
        loader.parse("upstreams: [{name: a, url: \"http://127.0.0.1:1/mcp\"}]\n", "now.yaml");
    FirewallConfig config =
        loader.parse(
            """
            upstreams: [{name: a, url: "http://127.0.0.1:1/mcp"}]
            cluster: {members: [127.0.0.1]}
            """,
            "later.yaml");

    assertThat(config).isEqualTo(plain);
  }

  @Test
  void unquotedDatesStayProtocolVersionStrings() {
    FirewallConfig config =
        loader.parse(
            "upstreams: [{name: a, url: 'http://h/mcp'}]\nprotocolVersions: [2025-06-18]\n", "d");

    assertThat(config.protocolVersions()).containsExactly("2025-06-18");
  }

  @Test
  void anchorsAndMergeKeysShareSettingsBetweenUpstreams() {
    FirewallConfig config =
        loader.parse(
            """
            upstreams:
              - &base
                name: one
                url: http://127.0.0.1:3001/mcp
                timeouts: {connect: 1s, request: 2s}
              - <<: *base
                name: two
            """,
            "anchors.yaml");

    assertThat(config.upstream("two").orElseThrow().timeouts())
        .isEqualTo(new UpstreamConfig.Timeouts(Duration.ofSeconds(1), Duration.ofSeconds(2)));
  }

  @Test
  void environmentReferencesAreSubstitutedInStringValues() {
    ConfigLoader withEnvironment =
        new ConfigLoader(
            Map.of("TOKEN", "s3cret", "HOST", "mcp.internal", "EMPTY", "", "PORT", "9000"));

    FirewallConfig config =
        withEnvironment.parse(
            """
            listen:
              port: ${PORT}
              allowedHosts: ["${HOST}", "${MISSING:-fallback.example}", "${EMPTY:-was-empty}"]
            upstreams:
              - name: a
                url: http://${HOST}:3001/mcp
                headers:
                  Authorization: Bearer ${TOKEN}
                  X-Literal: "$${TOKEN} costs $5"
            """,
            "env.yaml");

    assertThat(config.listen().port()).isEqualTo(9000);
    assertThat(config.listen().allowedHosts())
        .containsExactly("mcp.internal", "fallback.example", "was-empty");
    UpstreamConfig upstream = config.upstreams().get(0);
    assertThat(upstream.url()).contains(URI.create("http://mcp.internal:3001/mcp"));
    assertThat(upstream.headers())
        .containsEntry("Authorization", "Bearer s3cret")
        .containsEntry("X-Literal", "${TOKEN} costs $5");
  }

  @Test
  void keysAreNeverSubstituted() {
    ConfigException e =
        catchThrowableOfType(
            ConfigException.class,
            () ->
                new ConfigLoader(Map.of("NAME", "X-Valid-Name"))
                    .parse(
                        "upstreams:\n  - name: a\n    url: http://h/mcp\n"
                            + "    headers:\n      ${NAME}: value\n",
                        "keys.yaml"));

    assertThat(e.problems())
        .containsExactly(
            "/upstreams/0/headers/${NAME}: is not a valid HTTP header name (line 5, column 7)");
  }

  @Test
  void aMissingFileIsAConfigExceptionNamingIt(@TempDir Path dir) {
    Path missing = dir.resolve("nowhere.yaml");

    ConfigException e = catchThrowableOfType(ConfigException.class, () -> loader.load(missing));

    assertThat(e.getMessage()).startsWith(missing + ": ");
    assertThat(e.problems()).containsExactly("file not found");
  }

  @Test
  void aDirectoryIsNotAConfigurationFile(@TempDir Path dir) {
    assertThatThrownBy(() -> loader.load(dir))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining(dir.toString())
        .hasMessageContaining("is a directory");
  }

  @Test
  void aFileThatIsNotUtf8IsRejected(@TempDir Path dir) throws IOException {
    Path file = Files.write(dir.resolve("latin1.yaml"), new byte[] {'a', ':', ' ', (byte) 0xE9});

    assertThatThrownBy(() -> loader.load(file))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("latin1.yaml")
        .hasMessageContaining("not UTF-8");
  }

  @Test
  void aByteOrderMarkIsIgnored(@TempDir Path dir) throws IOException {
    Path file =
        Files.writeString(dir.resolve("bom.yaml"), "\uFEFFupstreams: [{name: a, command: [x]}]\n");

    assertThat(loader.load(file).upstreams()).hasSize(1);
  }

  @Test
  void everyProblemInAFileIsReportedAtOnceInFileOrder() {
    ConfigException e =
        catchThrowableOfType(
            ConfigException.class,
            () ->
                loader.parse(
                    """
                    listen: {port: 70000}
                    upstreams:
                      - name: a
                        url: ftp://example.com
                      - name: a
                        command: [x]
                        timeouts: {connect: soon}
                    sesions: {}
                    """,
                    "many.yaml"));

    assertThat(e.problems())
        .extracting(p -> p.substring(0, p.indexOf(':')))
        .containsExactly(
            "/listen/port",
            "/upstreams/0/url",
            "/upstreams/1/name",
            "/upstreams/1/timeouts/connect",
            "/sesions");
  }
}
