package dev.mcpfirewall.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.mcpfirewall.config.ConfigErrorsTest.Case;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Mistakes in the identity and access sections ({@code dataDir}, {@code admin}, {@code auth},
 * {@code policy}, {@code alerts}), each the only problem of an otherwise valid file, with the
 * message it must produce: the file, the JSON pointer, what was expected, and the line and column.
 */
class AccessConfigErrorsTest {

  /** A valid first line, so that each case's section starts on line 2. */
  private static final String UPSTREAM = "upstreams: [{name: demo, url: 'http://h/mcp'}]\n";

  private static final String HASH = "hmac-sha256:xSytaREJ3pSgh6jae7iMl6wiJ-a9enEp-xhywMj9ggc";

  private static Case c(
      String name, String yaml, String pointer, String expected, int line, int column) {
    return new Case(name, UPSTREAM + yaml, Map.of(), pointer, expected, line, column);
  }

  private static Case c(
      String name,
      String yaml,
      Map<String, String> environment,
      String pointer,
      String expected,
      int line,
      int column) {
    return new Case(name, UPSTREAM + yaml, environment, pointer, expected, line, column);
  }

  static Stream<Case> cases() {
    return Stream.of(
        // dataDir and admin
        c("empty data directory", "dataDir: ''\n", "/dataDir", "must not be empty", 2, 10),
        c(
            "unknown key in admin",
            "admin:\n  lisen: {port: 9091}\n",
            "/admin/lisen",
            "unknown key (did you mean listen?); allowed here: listen",
            3,
            3),
        c(
            "unknown key in the admin listener",
            "admin:\n  listen: {prt: 9091}\n",
            "/admin/listen/prt",
            "unknown key (did you mean port?); allowed here: host, port, allowedHosts,"
                + " allowedOrigins",
            3,
            12),
        c(
            "admin port out of range",
            "admin: {listen: {port: 70000}}\n",
            "/admin/listen/port",
            "must be a port number from 0 to 65535",
            2,
            24),
        c(
            "admin port from the environment out of range",
            "admin:\n  listen:\n    port: ${ADMIN_PORT}\n",
            Map.of("ADMIN_PORT", "65536"),
            "/admin/listen/port",
            "must be a port number from 0 to 65535",
            4,
            11),
        c(
            "admin listener on the agent listener",
            "listen: {port: 8443}\nadmin:\n  listen: {host: 127.0.0.1, port: 8443}\n",
            "/admin/listen/port",
            "must differ from listen.port (8443) on the same address: the admin plane needs a"
                + " listener of its own (0 picks a free port)",
            4,
            35),
        c(
            "admin listener overlapping a wildcard agent listener",
            "listen: {host: 0.0.0.0, port: 8080}\nadmin:\n  listen: {port: 8080}\n",
            "/admin/listen/port",
            "must differ from listen.port (8080) on the same address",
            4,
            18),
        c(
            "agent listener on the admin plane's default port",
            "listen:\n  port: 9090\n",
            "/listen/port",
            "is the default port of the admin plane (9090); choose another, or set"
                + " admin.listen.port",
            3,
            9),
        // auth: keys
        c(
            "pepper too short",
            "auth:\n  keyPepper: ${PEPPER}\n",
            Map.of("PEPPER", "too-short"),
            "/auth/keyPepper",
            "must be at least 32 characters long (a random secret, for example from: openssl"
                + " rand -base64 48)",
            3,
            14),
        c(
            "key id with capitals",
            "auth:\n  apiKeys:\n    - {id: CI-BOT, hash: '" + HASH + "', roles: [reader]}\n",
            "/auth/apiKeys/0/id",
            "must be 2 to 32 lowercase letters, digits or hyphens",
            4,
            12),
        c(
            "key with the secret instead of its hash",
            "auth:\n  apiKeys:\n    - id: ci-bot\n      hash: mcpfw_ci_s3cr3t\n      roles: [reader]\n",
            "/auth/apiKeys/0/hash",
            "must be hmac-sha256: followed by 43 base64url characters, as printed by mcp-firewall"
                + " keys hash (never the key itself)",
            5,
            13),
        c(
            "key without roles",
            "auth:\n  apiKeys:\n    - {id: ci-bot, hash: '" + HASH + "'}\n",
            "/auth/apiKeys/0",
            "missing required key roles",
            4,
            7),
        c(
            "duplicate key ids",
            "auth:\n  apiKeys:\n    - {id: ci-bot, hash: '"
                + HASH
                + "', roles: [reader]}\n    - {id: ci-bot, hash: '"
                + HASH
                + "', roles: [admin]}\n",
            "/auth/apiKeys/1/id",
            "duplicate key id; /auth/apiKeys/0 already uses it",
            5,
            12),
        c(
            "key with a role that does not exist",
            "auth:\n  apiKeys:\n    - id: ci-bot\n      hash: '"
                + HASH
                + "'\n      roles: [reader, admn]\n",
            "/auth/apiKeys/0/roles/1",
            "unknown role (did you mean admin?); roles here: reader, operator, admin (declare"
                + " others under policy.roles)",
            6,
            23),
        c(
            "key scope with an unknown tool class",
            "auth:\n  apiKeys:\n    - id: ci-bot\n      hash: '"
                + HASH
                + "'\n      roles: [reader]\n      scopes: {classes: [read-only, write]}\n",
            "/auth/apiKeys/0/scopes/classes/1",
            "must be one of: read-only, destructive",
            7,
            37),
        c(
            "key scope that lists nothing",
            "auth:\n  apiKeys:\n    - id: ci-bot\n      hash: '"
                + HASH
                + "'\n      roles: [reader]\n      scopes:\n        tools: []\n",
            "/auth/apiKeys/0/scopes/tools",
            "must list at least one pattern; leave the key out to not narrow the key here",
            8,
            16),
        cidr("two prefix lengths", "10.0.0.0/8/8", "in CIDR notation"),
        cidr(
            "IPv4 prefix length out of range",
            "10.0.0.0/33",
            "must end with a prefix length from 0 to 32 for an IPv4 address"),
        cidr(
            "IPv6 prefix length out of range",
            "'::1/129'",
            "must end with a prefix length from 0 to 128 for an IPv6 address"),
        cidr(
            "host name instead of an address",
            "intranet.example.com/24",
            "must be an IPv4 or IPv6 address, optionally with a prefix length"),
        cidr("IPv4 address out of range", "10.0.300.0/24", "must be an IPv4 or IPv6 address"),
        cidr("malformed IPv6 address", "'fd00:::1/64'", "must be an IPv4 or IPv6 address"),
        cidr(
            "address bits beyond the prefix length",
            "10.1.2.3/8",
            "has address bits set beyond the prefix length"),
        c(
            "expiry without a time",
            "auth:\n  apiKeys:\n    - id: ci-bot\n      hash: '"
                + HASH
                + "'\n      roles: [reader]\n      expires: 2027-01-01\n",
            "/auth/apiKeys/0/expires",
            "must be a date and time with a time zone, such as 2027-01-01T00:00:00Z",
            7,
            16),
        c(
            "expiry on a day that does not exist",
            "auth:\n  apiKeys:\n    - id: ci-bot\n      hash: '"
                + HASH
                + "'\n      roles: [reader]\n      expires: 2027-02-30T00:00:00Z\n",
            "/auth/apiKeys/0/expires",
            "must be a real date and time with a time zone",
            7,
            16),
        c(
            "expiry warning as long as the maximum age",
            "auth:\n  keyPolicy: {maxAge: 7d, expiryWarning: 168h}\n",
            "/auth/keyPolicy/expiryWarning",
            "must be shorter than maxAge (7d)",
            3,
            42),
        c(
            "maximum age below the default expiry warning",
            "auth:\n  keyPolicy:\n    maxAge: 10d\n",
            "/auth/keyPolicy/maxAge",
            "must be longer than expiryWarning (14d by default); set expiryWarning too",
            4,
            13),
        c(
            "zero days",
            "auth:\n  keyPolicy:\n    rotationGrace: 0d\n",
            "/auth/keyPolicy/rotationGrace",
            "must be a positive duration",
            4,
            20),
        // auth: jwt
        c(
            "jwt without signing keys",
            "auth:\n  jwt:\n    issuer: https://idp\n    audience: fw\n",
            "/auth/jwt",
            "needs jwksUrl or publicKeyFiles (or both)",
            4,
            5),
        c(
            "jwt without an issuer",
            "auth:\n  jwt: {audience: fw, jwksUrl: 'https://idp/jwks'}\n",
            "/auth/jwt",
            "missing required key issuer",
            3,
            8),
        jwt(
            "alg none",
            "algorithms: [RS256, none]",
            "/auth/jwt/algorithms/1",
            "is never accepted: alg none marks an unsigned token, which anyone can forge",
            25),
        jwt(
            "an HMAC algorithm",
            "algorithms: [HS256]",
            "/auth/jwt/algorithms/0",
            "is never accepted: HMAC algorithms verify with a shared secret, and a token signed"
                + " with the public key of the provider used as that secret would pass (algorithm"
                + " confusion)",
            18),
        jwt(
            "an algorithm that does not exist",
            "algorithms: [RS265]",
            "/auth/jwt/algorithms/0",
            "must be one of: RS256, RS384, RS512, PS256, PS384, PS512, ES256, ES384, ES512, EdDSA",
            18),
        c(
            "jwks URL that is not http",
            "auth:\n  jwt: {issuer: i, audience: a, jwksUrl: 'ftp://idp/jwks'}\n",
            "/auth/jwt/jwksUrl",
            "must be an absolute http:// or https:// URL, such as https://host.example.com/path",
            3,
            42),
        jwt(
            "clock skew too large",
            "clockSkew: 10m",
            "/auth/jwt/clockSkew",
            "must be at most 5m: a larger skew keeps expired tokens working",
            16),
        jwt(
            "role mapping to a role that does not exist",
            "roleMapping: {mcp-admins: administrator}",
            "/auth/jwt/roleMapping/mcp-admins",
            "unknown role",
            31),
        c(
            "authorization server that is not a URL",
            "auth:\n  authorizationServers: [idp.example.com]\n",
            "/auth/authorizationServers/0",
            "must be an absolute http:// or https:// URL, such as https://host.example.com/path",
            3,
            26),
        c(
            "lockout that shrinks",
            "auth:\n  lockout: {initialBackoff: 1h, maxBackoff: 10m}\n",
            "/auth/lockout/maxBackoff",
            "must be at least initialBackoff (1h)",
            3,
            45),
        c(
            "lockout after zero failures",
            "auth:\n  lockout: {threshold: 0}\n",
            "/auth/lockout/threshold",
            "must be at least 1",
            3,
            24),
        // policy
        c(
            "duplicate role names",
            "policy:\n  roles:\n    - name: support\n    - name: support\n",
            "/policy/roles/1/name",
            "duplicate role name; /policy/roles/0 already declares it",
            5,
            13),
        c(
            "role name with spaces",
            "policy:\n  roles:\n    - name: Support Team\n",
            "/policy/roles/0/name",
            "must be a role name: 1 to 64 lowercase letters, digits, hyphens or underscores,"
                + " starting with a letter",
            4,
            13),
        c(
            "role with an unknown tool class",
            "policy:\n  roles:\n    - {name: support, classes: [safe]}\n",
            "/policy/roles/0/classes/0",
            "must be one of: read-only, destructive",
            4,
            33),
        c(
            "tool classes for an upstream that is not configured",
            "policy:\n  toolClasses:\n    nots: {delete_note: destructive}\n",
            "/policy/toolClasses/nots",
            "no upstream has this name; configured upstreams: demo",
            4,
            5),
        c(
            "unknown tool class override",
            "policy:\n  toolClasses:\n    demo: {delete_note: dangerous}\n",
            "/policy/toolClasses/demo/delete_note",
            "must be one of: read-only, destructive",
            4,
            25),
        // alerts
        c(
            "webhook without a url",
            "alerts:\n  webhooks:\n    - headers: {X-A: b}\n",
            "/alerts/webhooks/0",
            "missing required key url",
            4,
            7),
        c(
            "webhook URL that is not http",
            "alerts:\n  webhooks:\n    - url: mailto:soc@example.com\n",
            "/alerts/webhooks/0/url",
            "must be an absolute http:// or https:// URL, such as https://host.example.com/path",
            4,
            12),
        c(
            "webhook URL without a host",
            "alerts:\n  webhooks:\n    - url: https:///hook\n",
            "/alerts/webhooks/0/url",
            "must name a host, for example https://alerts.example.com/hook",
            4,
            12),
        c(
            "webhook header with a line break from the environment",
            "alerts:\n  webhooks:\n    - url: https://soc/hook\n      headers: {X-Token: '${T}'}\n",
            Map.of("T", "a\r\nX-Injected: 1"),
            "/alerts/webhooks/0/headers/X-Token",
            "must not contain line breaks",
            5,
            26),
        c(
            "reserved key that is not a mapping",
            "cluster: [127.0.0.1]\n",
            "/cluster",
            "must be a mapping of keys to values, found a list",
            2,
            10));
  }

  private static Case cidr(String name, String cidr, String expected) {
    return c(
        name,
        "auth:\n  apiKeys:\n    - id: ci-bot\n      hash: '"
            + HASH
            + "'\n      roles: [reader]\n      scopes:\n        sourceCidrs: ["
            + cidr
            + "]\n",
        "/auth/apiKeys/0/scopes/sourceCidrs/0",
        expected,
        8,
        23);
  }

  /** A case in an otherwise valid {@code auth.jwt}, {@code setting} on line 5. */
  private static Case jwt(
      String name, String setting, String pointer, String expected, int column) {
    return c(
        name,
        "auth:\n  jwt:\n    issuer: https://idp\n    "
            + setting
            + "\n    audience: fw\n"
            + "    jwksUrl: https://idp/jwks\n",
        pointer,
        expected,
        5,
        column);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void eachMistakeIsTheOnlyProblemReportedWithPointerPositionAndExpectation(
      Case c, @TempDir Path dir) throws IOException {
    Path file = Files.writeString(dir.resolve("access.yaml"), c.yaml());

    ConfigException e =
        catchThrowableOfType(
            ConfigException.class, () -> new ConfigLoader(c.environment()).load(file));

    assertThat(e).as("a ConfigException").isNotNull();
    assertThat(e.getMessage()).startsWith(file + ": invalid configuration\n  ");
    assertThat(e.problems())
        .singleElement()
        .asString()
        .startsWith(c.pointer() + ": ")
        .contains(c.expected())
        .endsWith("(line " + c.line() + ", column " + c.column() + ")");
  }

  @Test
  void theAccessErrorExampleInTheDocsIsWhatTheLoaderPrints() throws IOException {
    String docs = Files.readString(Path.of("..", "docs", "configuration.md"));
    String example = docs.substring(docs.indexOf("In the identity and access sections"));
    String yaml = block(example, "```yaml\n");
    String printed = block(example.substring(example.indexOf("is refused with:")), "```\n");
    String source = printed.substring(0, printed.indexOf(':'));

    ConfigException e =
        catchThrowableOfType(
            ConfigException.class, () -> new ConfigLoader(Map.of()).parse(yaml, source));

    assertThat(e.getMessage() + "\n").isEqualTo(printed);
  }

  private static String block(String text, String fence) {
    int start = text.indexOf(fence) + fence.length();
    return text.substring(start, text.indexOf("```", start));
  }

  @Test
  void aRejectedPepperIsNeverRepeated() {
    ConfigException e =
        catchThrowableOfType(
            ConfigException.class,
            () ->
                new ConfigLoader(Map.of("PEPPER", "short-pepper-value"))
                    .parse(UPSTREAM + "auth: {keyPepper: '${PEPPER}'}\n", "pepper.yaml"));

    assertThat(e.problems()).singleElement().asString().startsWith("/auth/keyPepper: ");
    assertThat(e.getMessage()).doesNotContain("short-pepper-value");
  }

  @Test
  void aRoleDeclaredInPolicyMayBeGivenToKeysAndTokens() {
    FirewallConfig config =
        new ConfigLoader(Map.of())
            .parse(
                UPSTREAM
                    + "auth:\n  apiKeys: [{id: desk, hash: '"
                    + HASH
                    + "', roles: [support]}]\n  jwt: {issuer: i, audience: a, jwksUrl:"
                    + " 'http://127.0.0.1:8081/jwks', roleMapping: {helpdesk: support}}\n"
                    + "policy:\n  roles: [{name: support}]\n",
                "roles.yaml");

    assertThat(config.auth().apiKeys().get(0).roles()).containsExactly("support");
    assertThat(config.auth().jwt().orElseThrow().roleMapping())
        .containsEntry("helpdesk", "support");
  }

  @Test
  void listenersMayShareAPortOnDifferentAddressesOrWhenEitherPicksAFreeOne() {
    ConfigLoader loader = new ConfigLoader(Map.of());

    FirewallConfig apart =
        loader.parse(
            UPSTREAM
                + "listen: {host: 10.0.0.5, port: 8080}\n"
                + "admin: {listen: {host: 127.0.0.1, port: 8080}}\n",
            "apart.yaml");
    FirewallConfig free =
        loader.parse(UPSTREAM + "listen: {port: 0}\nadmin: {listen: {port: 0}}\n", "free.yaml");

    assertThat(apart.admin().listen().port()).isEqualTo(apart.listen().port());
    assertThat(free.admin().listen().port()).isZero();
  }
}
