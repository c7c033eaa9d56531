package dev.mcpfirewall.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mcpfirewall.auth.Principal;
import dev.mcpfirewall.auth.apikey.ApiKeyAuthenticator;
import dev.mcpfirewall.auth.apikey.ApiKeyFormat;
import dev.mcpfirewall.auth.apikey.ApiKeyRegistry;
import dev.mcpfirewall.auth.apikey.FileKeyStore;
import dev.mcpfirewall.auth.apikey.KeyPepper;
import dev.mcpfirewall.config.AuthConfig;
import dev.mcpfirewall.config.AuthConfig.ApiKeyConfig;
import dev.mcpfirewall.config.AuthConfig.KeyScopes;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.junit5.VertxExtension;
import java.io.ByteArrayInputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;
import picocli.CommandLine;

/** {@code mcp-firewall keys create|hash}: what they print is what a node then accepts. */
@ExtendWith(VertxExtension.class)
@Timeout(60)
class KeysCommandTest {
  private static final String PEPPER = "cli-test-pepper-0123456789";
  private static final Instant NOW = Instant.parse("2026-03-01T12:00:00Z");
  private static final Clock CLOCK = Clock.fixed(NOW, ZoneOffset.UTC);

  @TempDir Path dir;

  private record Run(int exit, String out, String err) {}

  private static Run run(Map<String, String> environment, String stdin, String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    KeysCommand keys =
        new KeysCommand(
            environment,
            new ByteArrayInputStream(stdin.getBytes(StandardCharsets.UTF_8)),
            CLOCK,
            new SecureRandom());
    CommandLine cli = new CommandLine(keys).setExecutionExceptionHandler(new CliErrors());
    cli.setOut(new PrintWriter(out));
    cli.setErr(new PrintWriter(err));
    int exit = cli.execute(args);
    return new Run(exit, out.toString(), err.toString());
  }

  private static Run run(String... args) {
    return run(Map.of(KeysCommand.PEPPER_VARIABLE, PEPPER), "", args);
  }

  /** The key line and the pasted entry of {@code keys create}'s output. */
  private record Printed(String key, ApiKeyConfig entry) {}

  @SuppressWarnings("unchecked")
  private static Printed printed(String out) {
    List<String> keys =
        out.lines().map(String::strip).filter(l -> l.startsWith(ApiKeyFormat.PREFIX)).toList();
    assertThat(keys).hasSize(1);
    String yaml = out.substring(out.indexOf("auth:\n"));
    Map<String, Object> root =
        (Map<String, Object>) new Yaml(new SafeConstructor(new LoaderOptions())).load(yaml);
    Map<String, Object> auth = (Map<String, Object>) root.get("auth");
    List<Map<String, Object>> apiKeys = (List<Map<String, Object>>) auth.get("apiKeys");
    assertThat(apiKeys).hasSize(1);
    Map<String, Object> entry = apiKeys.get(0);
    assertThat(entry).containsOnlyKeys("id", "hash", "owner", "roles", "scopes", "expires");
    Map<String, List<String>> scopes = (Map<String, List<String>>) entry.get("scopes");
    return new Printed(
        keys.get(0),
        new ApiKeyConfig(
            (String) entry.get("id"),
            (String) entry.get("hash"),
            (String) entry.get("owner"),
            (List<String>) entry.get("roles"),
            new KeyScopes(
                scopes.getOrDefault("upstreams", List.of()),
                scopes.getOrDefault("tools", List.of()),
                scopes.getOrDefault("classes", List.of()),
                scopes.getOrDefault("sourceCidrs", List.of())),
            Optional.of(Instant.parse((String) entry.get("expires")))));
  }

  private static <T> T await(Future<T> future) throws Exception {
    return future.toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
  }

  /** A fresh node's registry with only {@code entry} declared, and the key authenticated. */
  private Future<Principal> authenticate(
      Vertx vertx, ApiKeyConfig entry, String pepper, String key, String source) throws Exception {
    AuthConfig defaults = AuthConfig.defaults(dir);
    AuthConfig auth =
        new AuthConfig(
            Optional.of(pepper),
            List.of(entry),
            dir.resolve("node").resolve("keys.json"),
            defaults.keyPolicy(),
            Optional.empty(),
            List.of(),
            defaults.lockout());
    ApiKeyRegistry registry =
        await(
            ApiKeyRegistry.open(
                vertx,
                auth,
                KeyPepper.of(pepper),
                new FileKeyStore(auth.keyStore()),
                CLOCK,
                new SecureRandom()));
    return new ApiKeyAuthenticator(registry, (id, why) -> {})
        .authenticate(key, source)
        .eventually(registry::close);
  }

  @Test
  void everyCommandHasHelp() {
    Run keys = run("--help");
    assertThat(keys.exit()).isZero();
    assertThat(keys.out()).contains("create", "hash", KeysCommand.PEPPER_VARIABLE);
    Run create = run("create", "--help");
    assertThat(create.exit()).isZero();
    assertThat(create.out()).contains("--id", "--owner", "--roles", "--ttl", "--cidrs", "--config");
    Run hash = run("hash", "--help");
    assertThat(hash.exit()).isZero();
    assertThat(hash.out()).contains("--secret-stdin", "--config");
  }

  @Test
  void createPrintsTheKeyOnceAndAnEntryANodeAccepts(Vertx vertx) throws Exception {
    Run create = run("create", "--id", "ci", "--roles", "reader");
    assertThat(create.exit()).as(create.err()).isZero();
    Printed printed = printed(create.out());
    assertThat(printed.key()).startsWith("mcpfw_ci_");
    assertThat(create.out().split(java.util.regex.Pattern.quote(printed.key()), -1)).hasSize(2);
    String secret = ApiKeyFormat.parse(printed.key()).orElseThrow().secret();
    assertThat(create.out().indexOf(secret)).isEqualTo(create.out().lastIndexOf(secret));
    assertThat(printed.entry().id()).isEqualTo("ci");
    assertThat(printed.entry().owner()).isEqualTo("ci");
    assertThat(printed.entry().roles()).containsExactly("reader");
    assertThat(printed.entry().scopes()).isEqualTo(KeyScopes.unrestricted());
    assertThat(printed.entry().expires()).contains(NOW.plus(Duration.ofDays(90)));
    assertThat(printed.entry().hash()).isEqualTo(KeyPepper.of(PEPPER).hash(secret));

    Principal principal =
        await(authenticate(vertx, printed.entry(), PEPPER, printed.key(), "127.0.0.1"));
    assertThat(principal.id()).isEqualTo("key-owner:ci");
    assertThat(principal.keyId()).contains("ci");
    assertThat(principal.roles()).containsExactly("reader");
  }

  @Test
  void scopesAndLifetimeGoIntoTheEntryAndAreEnforced(Vertx vertx) throws Exception {
    Run create =
        run(
            "create",
            "--owner",
            "Build bot \"7\"",
            "--roles",
            "reader,operator",
            "--upstreams",
            "notes",
            "--tools",
            "read_*,list_*",
            "--classes",
            "read-only",
            "--cidrs",
            "10.0.0.0/8,fd00::/8",
            "--ttl",
            "30d");
    assertThat(create.exit()).as(create.err()).isZero();
    Printed printed = printed(create.out());
    ApiKeyConfig entry = printed.entry();
    assertThat(entry.id()).matches("[a-z2-7]{12}");
    assertThat(entry.owner()).isEqualTo("Build bot \"7\"");
    assertThat(entry.roles()).containsExactly("reader", "operator");
    assertThat(entry.scopes())
        .isEqualTo(
            new KeyScopes(
                List.of("notes"),
                List.of("read_*", "list_*"),
                List.of("read-only"),
                List.of("10.0.0.0/8", "fd00::/8")));
    assertThat(entry.expires()).contains(NOW.plus(Duration.ofDays(30)));

    assertThat(await(authenticate(vertx, entry, PEPPER, printed.key(), "10.2.3.4")).scopes())
        .isEqualTo(entry.scopes());
    Throwable refused =
        authenticate(vertx, entry, PEPPER, printed.key(), "192.168.0.1")
            .toCompletionStage()
            .toCompletableFuture()
            .handle((p, e) -> e)
            .get(10, TimeUnit.SECONDS);
    assertThat(refused).hasMessage(ApiKeyAuthenticator.CLIENT_MESSAGE);
  }

  @Test
  void withAConfigFileThePepperTheNodeUsesIsUsed(Vertx vertx) throws Exception {
    Path config = dir.resolve("mcp-firewall.yaml");
    Files.writeString(
        config,
        "upstreams:\n  - name: notes\n    url: http://127.0.0.1:3001/mcp\n",
        StandardCharsets.UTF_8);
    // Without auth.keyPepper, the node generates a pepper beside its key store on first start.
    Run before =
        run(
            Map.of(),
            "",
            "create",
            "--id",
            "ci",
            "--roles",
            "reader",
            "--config",
            config.toString());
    assertThat(before.exit()).isEqualTo(1);
    assertThat(before.err()).contains("has not generated one yet", "key-pepper");

    KeyPepper generated =
        KeyPepper.resolve(
            Optional.empty(), dir.resolve("data").resolve("keys.json"), new SecureRandom());
    String pepperText = Files.readString(dir.resolve("data").resolve(KeyPepper.FILE_NAME)).strip();
    Run create =
        run(
            Map.of(KeysCommand.PEPPER_VARIABLE, PEPPER),
            "",
            "create",
            "--id",
            "ci",
            "--roles",
            "reader",
            "--config",
            config.toString());
    assertThat(create.exit()).as(create.err()).isZero();
    Printed printed = printed(create.out());
    String secret = ApiKeyFormat.parse(printed.key()).orElseThrow().secret();
    assertThat(printed.entry().hash()).isEqualTo(generated.hash(secret));
    assertThat(await(authenticate(vertx, printed.entry(), pepperText, printed.key(), "::1")).id())
        .isEqualTo("key-owner:ci");

    Run hash =
        run(Map.of(), printed.key(), "hash", "--secret-stdin", "--config", config.toString());
    assertThat(hash.exit()).as(hash.err()).isZero();
    assertThat(hash.out().strip()).isEqualTo(printed.entry().hash());
  }

  @Test
  void withoutAPepperNothingIsPrinted() {
    Run create = run(Map.of(), "", "create", "--id", "ci", "--roles", "reader");
    assertThat(create.exit()).isEqualTo(1);
    assertThat(create.err()).contains("no API key pepper", KeysCommand.PEPPER_VARIABLE, "--config");
    assertThat(create.out()).doesNotContain(ApiKeyFormat.PREFIX);
    Run weak =
        run(
            Map.of(KeysCommand.PEPPER_VARIABLE, "short"),
            "",
            "create",
            "--id",
            "ci",
            "--roles",
            "r");
    assertThat(weak.exit()).isEqualTo(1);
    assertThat(weak.err()).contains("at least 16 characters");
  }

  @Test
  void unusableOptionsAreUsageErrors() {
    for (String[] args :
        List.of(
            new String[] {"create", "--id", "Not_Valid", "--roles", "reader"},
            new String[] {"create", "--id", "ci", "--roles", "reader", "--ttl", "91d"},
            new String[] {"create", "--id", "ci", "--roles", "reader", "--ttl", "soon"},
            new String[] {"create", "--id", "ci", "--roles", "reader", "--cidrs", "10.0.0.1/8"},
            new String[] {"create", "--roles", "reader"},
            new String[] {"create", "--id", "ci"},
            new String[] {"hash"})) {
      Run bad = run(args);
      assertThat(bad.exit()).as(String.join(" ", args)).isEqualTo(2);
      assertThat(bad.out()).doesNotContain(ApiKeyFormat.PREFIX);
    }
    assertThat(run("create", "--id", "ci", "--roles", "reader", "--ttl", "91d").err())
        .contains("maximum key age");
    assertThat(run("create", "--roles", "reader").err()).contains("--owner is required");
  }

  @Test
  void hashReadsAFullKeyOrItsSecretFromStandardInput() {
    String secret = ApiKeyFormat.randomSecret(new SecureRandom());
    String expected = KeyPepper.of(PEPPER).hash(secret);
    Map<String, String> env = Map.of(KeysCommand.PEPPER_VARIABLE, PEPPER);

    Run full = run(env, ApiKeyFormat.format("ci", secret) + "\n", "hash", "--secret-stdin");
    assertThat(full.exit()).as(full.err()).isZero();
    assertThat(full.out()).isEqualTo(expected + System.lineSeparator());
    Run bare = run(env, secret, "hash", "--secret-stdin");
    assertThat(bare.out().strip()).isEqualTo(expected);

    Run garbage = run(env, "hunter2", "hash", "--secret-stdin");
    assertThat(garbage.exit()).isEqualTo(1);
    assertThat(garbage.err()).contains("not an API key").doesNotContain("hunter2");
    assertThat(garbage.out()).isEmpty();
  }
}
