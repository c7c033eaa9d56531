package dev.mcpfirewall.config;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mcpfirewall.config.AuthConfig.ApiKeyConfig;
import dev.mcpfirewall.config.AuthConfig.JwtConfig;
import dev.mcpfirewall.config.AuthConfig.KeyPolicy;
import dev.mcpfirewall.config.AuthConfig.KeyScopes;
import dev.mcpfirewall.config.AuthConfig.Lockout;
import dev.mcpfirewall.config.PolicyConfig.RoleConfig;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The identity and access sections bind to their records, with the records' defaults. */
class AccessConfigTest {

  private static final Path CONFIG = Path.of("..", "config");

  private static final String UPSTREAM = "upstreams: [{name: demo, url: 'http://h/mcp'}]\n";

  private static final String HASH = "hmac-sha256:xSytaREJ3pSgh6jae7iMl6wiJ-a9enEp-xhywMj9ggc";

  private static final String PEPPER = "a-pepper-of-at-least-thirty-two-characters";

  private final ConfigLoader loader =
      new ConfigLoader(
          Map.of(
              "PEPPER", PEPPER, "MCP_FIREWALL_KEY_PEPPER", PEPPER, "ALERT_TOKEN", "alert-token"));

  @Test
  void everyAccessSettingIsRead() {
    FirewallConfig config =
        loader.parse(
            UPSTREAM
                + """
                dataDir: /var/lib/mcp-firewall
                admin:
                  listen:
                    host: 0.0.0.0
                    port: 9443
                    allowedHosts: [admin.example.com]
                    allowedOrigins: [https://console.example.com]
                auth:
                  keyPepper: ${PEPPER}
                  keyStore: /etc/mcp-firewall/keys.json
                  apiKeys:
                    - id: ci-bot
                      hash: "%s"
                      owner: ci-pipeline
                      roles: [admin, support]
                      scopes:
                        upstreams: ["*"]
                        tools: ["search_*", get_note]
                        classes: [read-only, destructive]
                        sourceCidrs: ["10.0.0.0/8", "::1/128"]
                      expires: 2027-01-01T00:00:00Z
                  keyPolicy: {maxAge: 30d, expiryWarning: 7d, rotationGrace: 2h}
                  jwt:
                    issuer: https://idp.example
                    audience: mcp-firewall
                    clockSkew: 45s
                    jwksUrl: https://idp.example/jwks.json
                    jwksRefresh: 1h
                    publicKeyFiles: [/etc/mcp-firewall/idp.pem]
                    algorithms: [RS256, ES256]
                    rolesClaim: realm_access.roles
                    roleMapping: {mcp-admins: admin, helpdesk: support}
                    subjectClaim: preferred_username
                  authorizationServers: [https://idp.example]
                  lockout: {threshold: 3, window: 1m, initialBackoff: 10s, maxBackoff: 1d}
                policy:
                  roles:
                    - name: support
                      upstreams: [demo]
                      tools: ["search_*", "get_*"]
                      classes: [read-only]
                      admin: true
                      denyUpstreams: [secret-*]
                      denyTools: ["delete_*"]
                  toolClasses:
                    demo: {delete_note: destructive, search_notes: read-only}
                alerts:
                  webhooks:
                    - url: http://127.0.0.1:9999/alerts
                      headers: {Authorization: "Bearer ${ALERT_TOKEN}"}
                """
                    .formatted(HASH),
            "full.yaml");

    assertThat(config.dataDir()).isEqualTo(Path.of("/var/lib/mcp-firewall"));
    assertThat(config.admin())
        .isEqualTo(
            new AdminConfig(
                new ListenConfig(
                    "0.0.0.0",
                    9443,
                    List.of("admin.example.com"),
                    List.of("https://console.example.com"))));
    AuthConfig auth = config.auth();
    assertThat(auth.keyPepper()).contains(PEPPER);
    assertThat(auth.keyStore()).isEqualTo(Path.of("/etc/mcp-firewall/keys.json"));
    assertThat(auth.apiKeys())
        .containsExactly(
            new ApiKeyConfig(
                "ci-bot",
                HASH,
                "ci-pipeline",
                List.of("admin", "support"),
                new KeyScopes(
                    List.of("*"),
                    List.of("search_*", "get_note"),
                    List.of("read-only", "destructive"),
                    List.of("10.0.0.0/8", "::1/128")),
                Optional.of(Instant.parse("2027-01-01T00:00:00Z"))));
    assertThat(auth.keyPolicy())
        .isEqualTo(new KeyPolicy(Duration.ofDays(30), Duration.ofDays(7), Duration.ofHours(2)));
    assertThat(auth.jwt())
        .contains(
            new JwtConfig(
                "https://idp.example",
                "mcp-firewall",
                Duration.ofSeconds(45),
                Optional.of(URI.create("https://idp.example/jwks.json")),
                Duration.ofHours(1),
                List.of(Path.of("/etc/mcp-firewall/idp.pem")),
                List.of("RS256", "ES256"),
                "realm_access.roles",
                Map.of("mcp-admins", "admin", "helpdesk", "support"),
                "preferred_username"));
    assertThat(auth.authorizationServers()).containsExactly(URI.create("https://idp.example"));
    assertThat(auth.lockout())
        .isEqualTo(
            new Lockout(3, Duration.ofMinutes(1), Duration.ofSeconds(10), Duration.ofDays(1)));
    assertThat(config.policy())
        .isEqualTo(
            new PolicyConfig(
                List.of(
                    new RoleConfig(
                        "support",
                        List.of("demo"),
                        List.of("search_*", "get_*"),
                        List.of("read-only"),
                        true,
                        List.of("secret-*"),
                        List.of("delete_*"))),
                Map.of("demo", Map.of("delete_note", "destructive", "search_notes", "read-only"))));
    assertThat(config.alerts())
        .isEqualTo(
            new AlertsConfig(
                List.of(
                    new AlertsConfig.Webhook(
                        URI.create("http://127.0.0.1:9999/alerts"),
                        Map.of("Authorization", "Bearer alert-token")))));
  }

  @Test
  void leftOutSectionsTakeTheDocumentedDefaults() {
    FirewallConfig config = loader.parse(UPSTREAM, "minimal.yaml");

    assertThat(config.dataDir()).isEqualTo(Path.of("data"));
    assertThat(config.admin()).isEqualTo(AdminConfig.defaults());
    assertThat(config.admin().listen())
        .isEqualTo(new ListenConfig("127.0.0.1", 9090, List.of(), List.of()));
    assertThat(config.auth()).isEqualTo(AuthConfig.defaults(Path.of("data")));
    assertThat(config.auth().keyStore()).isEqualTo(Path.of("data", "keys.json"));
    assertThat(config.auth().keyPolicy())
        .isEqualTo(new KeyPolicy(Duration.ofDays(90), Duration.ofDays(14), Duration.ofHours(24)));
    assertThat(config.auth().lockout())
        .isEqualTo(
            new Lockout(10, Duration.ofMinutes(5), Duration.ofSeconds(30), Duration.ofMinutes(30)));
    assertThat(config.policy()).isEqualTo(PolicyConfig.defaults());
    assertThat(config.alerts()).isEqualTo(AlertsConfig.defaults());
  }

  @Test
  void leftOutKeysInsideTheSectionsTakeTheDocumentedDefaults() {
    FirewallConfig config =
        loader.parse(
            UPSTREAM
                + """
                admin: {listen: {port: 9091}}
                auth:
                  apiKeys: [{id: reporting, hash: "%s", roles: [reader]}]
                  keyPolicy: {maxAge: 180d}
                  jwt: {issuer: https://idp, audience: fw, publicKeyFiles: [/keys/idp.pem]}
                  lockout: {threshold: 5}
                policy:
                  roles: [{name: auditor}]
                alerts:
                  webhooks: [{url: "https://soc.example.com/hook"}]
                """
                    .formatted(HASH),
            "partial.yaml");

    assertThat(config.admin().listen())
        .isEqualTo(new ListenConfig("127.0.0.1", 9091, List.of(), List.of()));
    assertThat(config.auth().keyPepper()).isEmpty();
    assertThat(config.auth().apiKeys())
        .containsExactly(
            new ApiKeyConfig(
                "reporting",
                HASH,
                "reporting",
                List.of("reader"),
                KeyScopes.unrestricted(),
                Optional.empty()));
    assertThat(config.auth().keyPolicy())
        .isEqualTo(
            new KeyPolicy(
                Duration.ofDays(180),
                KeyPolicy.DEFAULT_EXPIRY_WARNING,
                KeyPolicy.DEFAULT_ROTATION_GRACE));
    assertThat(config.auth().jwt())
        .contains(
            new JwtConfig(
                "https://idp",
                "fw",
                Duration.ofSeconds(30),
                Optional.empty(),
                Duration.ofMinutes(10),
                List.of(Path.of("/keys/idp.pem")),
                List.of("RS256", "ES256", "PS256", "EdDSA"),
                "roles",
                Map.of(),
                "sub"));
    assertThat(config.auth().lockout())
        .isEqualTo(
            new Lockout(
                5,
                Lockout.DEFAULT_WINDOW,
                Lockout.DEFAULT_INITIAL_BACKOFF,
                Lockout.DEFAULT_MAX_BACKOFF));
    assertThat(config.policy().roles())
        .containsExactly(
            new RoleConfig(
                "auditor", List.of(), List.of(), List.of(), false, List.of(), List.of()));
    assertThat(config.alerts().webhooks())
        .containsExactly(
            new AlertsConfig.Webhook(URI.create("https://soc.example.com/hook"), Map.of()));
  }

  @Test
  void anExpiryWithAnOffsetIsTheSameInstant() {
    FirewallConfig config =
        loader.parse(
            UPSTREAM
                + "auth:\n  apiKeys:\n    - {id: ci-bot, hash: '%s', roles: [reader], expires: 2027-01-01T02:00:00+02:00}\n"
                    .formatted(HASH),
            "offset.yaml");

    assertThat(config.auth().apiKeys().get(0).expires())
        .contains(Instant.parse("2027-01-01T00:00:00Z"));
  }

  @Test
  void relativePathsAreResolvedAgainstTheFilesDirectory(@TempDir Path dir) throws IOException {
    String yaml =
        UPSTREAM
            + """
            dataDir: state
            auth:
              keyStore: ../shared/keys.json
              jwt: {issuer: i, audience: a, publicKeyFiles: [keys/idp.pem, /abs/other.pem]}
            """;
    Path file = Files.writeString(dir.resolve("fw.yaml"), yaml);
    Path base = dir.toAbsolutePath().normalize();

    FirewallConfig fromFile = loader.load(file);
    FirewallConfig fromText = loader.parse(yaml, "text");

    assertThat(fromFile.dataDir()).isEqualTo(base.resolve("state"));
    assertThat(fromFile.auth().keyStore()).isEqualTo(base.resolveSibling("shared/keys.json"));
    assertThat(fromFile.auth().jwt().orElseThrow().publicKeyFiles())
        .containsExactly(base.resolve("keys/idp.pem"), Path.of("/abs/other.pem"));
    assertThat(fromText.dataDir()).isEqualTo(Path.of("state"));
    assertThat(fromText.auth().keyStore()).isEqualTo(Path.of("../shared/keys.json"));
    assertThat(fromText.auth().jwt().orElseThrow().publicKeyFiles())
        .containsExactly(Path.of("keys/idp.pem"), Path.of("/abs/other.pem"));
  }

  @Test
  void theKeyStoreIsInTheDataDirectoryUnlessPlacedElsewhere(@TempDir Path dir) throws IOException {
    Path base = dir.toAbsolutePath().normalize();
    Path defaults = Files.writeString(dir.resolve("defaults.yaml"), UPSTREAM);
    Path moved = Files.writeString(dir.resolve("moved.yaml"), UPSTREAM + "dataDir: ./var/fw\n");

    assertThat(loader.load(defaults).dataDir()).isEqualTo(base.resolve("data"));
    assertThat(loader.load(defaults).auth().keyStore()).isEqualTo(base.resolve("data/keys.json"));
    assertThat(loader.load(moved).auth().keyStore()).isEqualTo(base.resolve("var/fw/keys.json"));
  }

  @Test
  void theDefaultFileHasTheAdminPlaneOnLoopback9090AndNoOtherAccessSettings() {
    FirewallConfig config = loader.load(CONFIG.resolve("mcp-firewall.yaml"));
    FirewallConfig embedded = ConfigLoader.embeddedDefault();

    assertThat(config.admin().listen())
        .isEqualTo(new ListenConfig("127.0.0.1", 9090, List.of(), List.of()));
    assertThat(config.dataDir()).isEqualTo(CONFIG.toAbsolutePath().normalize().resolve("data"));
    assertThat(config.auth()).isEqualTo(AuthConfig.defaults(config.dataDir()));
    assertThat(embedded.admin()).isEqualTo(config.admin());
    assertThat(embedded.dataDir()).isEqualTo(Path.of("data"));
    assertThat(embedded.auth()).isEqualTo(AuthConfig.defaults(Path.of("data")));
    assertThat(embedded.alerts()).isEqualTo(config.alerts());
  }

  @Test
  void theCompleteFileInTheDocsLoadsWithTheDefaultsItClaims() throws IOException {
    String docs = Files.readString(Path.of("..", "docs", "configuration.md"));
    String section = docs.substring(docs.indexOf("## A complete file"));
    int start = section.indexOf("```yaml\n") + "```yaml\n".length();
    String yaml = section.substring(start, section.indexOf("```", start));
    ConfigLoader withSecrets =
        new ConfigLoader(
            Map.of("UPSTREAM_TOKEN", "t", "MCP_FIREWALL_KEY_PEPPER", PEPPER, "ALERT_TOKEN", "a"));

    FirewallConfig config = withSecrets.parse(yaml, "docs");

    assertThat(config.admin()).isEqualTo(AdminConfig.defaults());
    assertThat(config.auth().keyPolicy()).isEqualTo(KeyPolicy.defaults());
    assertThat(config.auth().lockout()).isEqualTo(Lockout.defaults());
    JwtConfig jwt = config.auth().jwt().orElseThrow();
    assertThat(jwt.algorithms()).isEqualTo(JwtConfig.DEFAULT_ALGORITHMS);
    assertThat(jwt.clockSkew()).isEqualTo(JwtConfig.DEFAULT_CLOCK_SKEW);
    assertThat(jwt.jwksRefresh()).isEqualTo(JwtConfig.DEFAULT_JWKS_REFRESH);
    assertThat(jwt.rolesClaim()).isEqualTo(JwtConfig.DEFAULT_ROLES_CLAIM);
    assertThat(jwt.subjectClaim()).isEqualTo(JwtConfig.DEFAULT_SUBJECT_CLAIM);
    assertThat(config.policy().roles())
        .singleElement()
        .satisfies(r -> assertThat(r.admin()).isFalse());
    assertThat(config.alerts().webhooks()).hasSize(1);
  }

  @Test
  void theIdentityExampleDeclaresKeysTokensRolesAndAlerts() {
    FirewallConfig config = loader.load(CONFIG.resolve("examples/identity-and-access.yaml"));

    AuthConfig auth = config.auth();
    assertThat(auth.keyPepper()).contains(PEPPER);
    assertThat(auth.keyStore()).isEqualTo(Path.of("/var/lib/mcp-firewall/keys.json"));
    assertThat(auth.apiKeys())
        .extracting(ApiKeyConfig::id)
        .containsExactly("ci-deploy", "support-desk");
    ApiKeyConfig ci = auth.apiKeys().get(0);
    assertThat(ci.scopes().sourceCidrs()).containsExactly("10.20.0.0/16", "::1/128");
    assertThat(ci.expires()).contains(Instant.parse("2027-01-01T00:00:00Z"));
    assertThat(auth.apiKeys().get(1).owner()).isEqualTo("support-desk");
    assertThat(auth.keyPolicy()).isEqualTo(KeyPolicy.defaults());
    JwtConfig jwt = auth.jwt().orElseThrow();
    assertThat(jwt.algorithms()).containsExactly("RS256", "ES256");
    assertThat(jwt.roleMapping()).containsEntry("mcp-support", "support");
    assertThat(config.policy().roles()).extracting(RoleConfig::name).containsExactly("support");
    assertThat(config.policy().toolClasses().get("notes"))
        .containsEntry("archive_note", "destructive");
    assertThat(config.alerts().webhooks())
        .singleElement()
        .satisfies(
            hook ->
                assertThat(hook.headers()).containsEntry("Authorization", "Bearer alert-token"));
    assertThat(config.admin().listen().port()).isNotEqualTo(config.listen().port());
  }
}
