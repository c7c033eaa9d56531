package dev.mcpfirewall.cli;

import dev.mcpfirewall.auth.apikey.ApiKeyFormat;
import dev.mcpfirewall.auth.apikey.Cidr;
import dev.mcpfirewall.auth.apikey.KeyPepper;
import dev.mcpfirewall.config.AuthConfig;
import dev.mcpfirewall.config.AuthConfig.KeyPolicy;
import dev.mcpfirewall.config.ConfigLoader;
import dev.mcpfirewall.config.DurationParser;
import io.vertx.core.json.Json;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/**
 * {@code mcp-firewall keys}: API keys for the configuration file ({@code auth.apiKeys}). {@code
 * keys create} makes a key, prints it once and prints the entry to paste; {@code keys hash} prints
 * the stored hash of an existing key read from standard input. Keys created at run time are managed
 * through the admin API instead.
 *
 * <p>Both need the pepper the node hashes with: with {@code --config FILE}, the file's {@code
 * auth.keyPepper}, or when it sets none the pepper the node generated beside its key store; without
 * {@code --config}, the environment variable {@value #PEPPER_VARIABLE}.
 */
@Command(
    name = "keys",
    mixinStandardHelpOptions = true,
    description = {
      "Create API keys and hash their secrets for auth.apiKeys in the configuration file.",
      "The pepper comes from --config FILE (auth.keyPepper, or the node's generated key-pepper"
          + " file) or, without --config, from the environment variable "
          + KeysCommand.PEPPER_VARIABLE
          + "."
    },
    subcommands = {KeysCommand.Create.class, KeysCommand.Hash.class})
public final class KeysCommand implements Runnable {
  static final String PEPPER_VARIABLE = "MCP_FIREWALL_KEY_PEPPER";
  private static final int MAX_STDIN_BYTES = 4096;

  @Spec CommandSpec spec;

  private final Map<String, String> environment;
  private final InputStream stdin;
  private final Clock clock;
  private final SecureRandom random;

  public KeysCommand() {
    this(System.getenv(), System.in, Clock.systemUTC(), new SecureRandom());
  }

  KeysCommand(
      Map<String, String> environment, InputStream stdin, Clock clock, SecureRandom random) {
    this.environment = Map.copyOf(environment);
    this.stdin = stdin;
    this.clock = clock;
    this.random = random;
  }

  @Override
  public void run() {
    spec.commandLine().usage(spec.commandLine().getOut());
  }

  /** The pepper and key policy of the node the key is for. */
  private record Target(KeyPepper pepper, KeyPolicy policy) {}

  private Target target(Path config) throws IOException {
    if (config == null) {
      String pepper = environment.get(PEPPER_VARIABLE);
      if (pepper == null || pepper.isBlank()) {
        throw new IllegalStateException(
            "no API key pepper: pass --config FILE (the node's configuration) or set "
                + PEPPER_VARIABLE
                + " to the pepper the node uses");
      }
      return new Target(KeyPepper.of(pepper), KeyPolicy.defaults());
    }
    AuthConfig auth = new ConfigLoader(environment).load(config).auth();
    Optional<String> configured = auth.keyPepper().filter(p -> !p.isBlank());
    if (configured.isPresent()) {
      return new Target(KeyPepper.of(configured.get()), auth.keyPolicy());
    }
    Path directory = KeyPepper.directoryOf(auth.keyStore());
    KeyPepper generated =
        KeyPepper.readFile(directory)
            .orElseThrow(
                () ->
                    new IllegalStateException(
                        config
                            + " sets no auth.keyPepper and the node has not generated one yet (no "
                            + directory.resolve(KeyPepper.FILE_NAME)
                            + "); set auth.keyPepper, or start the firewall once with this"
                            + " configuration"));
    return new Target(generated, auth.keyPolicy());
  }

  /** {@code keys create}. */
  @Command(
      name = "create",
      mixinStandardHelpOptions = true,
      description = {
        "Create an API key: print it once, and print the auth.apiKeys entry to paste into the"
            + " configuration file (the file holds only its hash).",
        "Example: mcp-firewall keys create --id ci --roles reader --config mcp-firewall.yaml"
      })
  static final class Create implements Callable<Integer> {
    @ParentCommand KeysCommand keys;
    @Spec CommandSpec spec;

    @Option(
        names = "--id",
        paramLabel = "ID",
        description =
            "The key's public id and the entry's name: 2 to 32 of a-z, 0-9 and '-'"
                + " (default: 12 random characters).")
    String id;

    @Option(
        names = "--owner",
        paramLabel = "OWNER",
        description = "Who the key belongs to, a person or a service (default: the --id).")
    String owner;

    @Option(
        names = "--roles",
        required = true,
        split = ",",
        paramLabel = "ROLE",
        description = "Roles the key carries, comma-separated (e.g. reader).")
    List<String> roles;

    @Option(
        names = "--upstreams",
        split = ",",
        paramLabel = "GLOB",
        description = "Narrow the key to these upstreams (glob patterns; default: no narrowing).")
    List<String> upstreams = List.of();

    @Option(
        names = "--tools",
        split = ",",
        paramLabel = "GLOB",
        description = "Narrow the key to these tools (glob patterns; default: no narrowing).")
    List<String> tools = List.of();

    @Option(
        names = "--classes",
        split = ",",
        paramLabel = "CLASS",
        description = "Narrow the key to these tool classes: read-only, destructive.")
    List<String> classes = List.of();

    @Option(
        names = "--cidrs",
        split = ",",
        paramLabel = "CIDR",
        description = "Accept the key only from these addresses (e.g. 10.0.0.0/8,fd00::/8).")
    List<String> cidrs = List.of();

    @Option(
        names = "--ttl",
        paramLabel = "DURATION",
        converter = TtlConverter.class,
        description =
            "How long the key works, e.g. 30d or 12h (default and upper bound: the maximum key"
                + " age, 90d unless the configuration says otherwise).")
    Duration ttl;

    @Option(
        names = {"-c", "--config"},
        paramLabel = "FILE",
        description = "The node's configuration file, for its pepper and key policy.")
    Path config;

    @Override
    public Integer call() throws IOException {
      if (id != null && !ApiKeyFormat.isValidId(id)) {
        throw usage("--id must be 2 to 32 characters from a-z, 0-9 and '-'");
      }
      String keyOwner = owner != null ? owner : id;
      if (keyOwner == null || keyOwner.isBlank()) {
        throw usage("--owner is required (or --id, which then names the owner too)");
      }
      if (roles.stream().anyMatch(String::isBlank)) {
        throw usage("--roles must not contain empty role names");
      }
      for (String cidr : cidrs) {
        try {
          Cidr.parse(cidr);
        } catch (IllegalArgumentException e) {
          throw usage("--cidrs: " + e.getMessage());
        }
      }
      Target target = keys.target(config);
      Duration lifetime = ttl != null ? ttl : target.policy().maxAge();
      if (lifetime.compareTo(target.policy().maxAge()) > 0) {
        throw usage(
            "--ttl is longer than the maximum key age ("
                + target.policy().maxAge().toDays()
                + " days); keys that old are refused");
      }
      String keyId = id != null ? id : ApiKeyFormat.randomId(keys.random);
      String secret = ApiKeyFormat.randomSecret(keys.random);
      Instant expires = keys.clock.instant().plus(lifetime).truncatedTo(ChronoUnit.SECONDS);

      PrintWriter out = spec.commandLine().getOut();
      out.println(
          "API key for " + keyOwner + " (shown once; it cannot be recovered, only replaced):");
      out.println();
      out.println("  " + ApiKeyFormat.format(keyId, secret));
      out.println();
      out.println("Add this entry to auth.apiKeys in the configuration file:");
      out.println();
      out.println("auth:");
      out.println("  apiKeys:");
      out.println("    - id: " + quoted(keyId));
      out.println("      hash: " + quoted(target.pepper().hash(secret)));
      out.println("      owner: " + quoted(keyOwner));
      out.println("      roles: " + flow(roles));
      out.println("      scopes: " + scopes());
      out.println("      expires: " + quoted(expires.toString()));
      out.flush();
      return 0;
    }

    private String scopes() {
      StringBuilder scopes = new StringBuilder();
      appendScope(scopes, "upstreams", upstreams);
      appendScope(scopes, "tools", tools);
      appendScope(scopes, "classes", classes);
      appendScope(scopes, "sourceCidrs", cidrs);
      return scopes.length() == 0 ? "{}" : "{ " + scopes + " }";
    }

    private static void appendScope(StringBuilder scopes, String name, List<String> values) {
      if (values.isEmpty()) {
        return;
      }
      if (scopes.length() > 0) {
        scopes.append(", ");
      }
      scopes.append(name).append(": ").append(flow(values));
    }

    private static String flow(List<String> values) {
      return values.stream().map(KeysCommand::quoted).collect(Collectors.joining(", ", "[", "]"));
    }

    private CommandLine.ParameterException usage(String message) {
      return new CommandLine.ParameterException(spec.commandLine(), message);
    }
  }

  /** {@code keys hash}. */
  @Command(
      name = "hash",
      mixinStandardHelpOptions = true,
      description = {
        "Read an API key (or only its secret) from standard input and print its hash, the value"
            + " of hash: in an auth.apiKeys entry.",
        "Example: printf '%%s' \"$KEY\" | mcp-firewall keys hash --secret-stdin --config"
            + " mcp-firewall.yaml"
      })
  static final class Hash implements Callable<Integer> {
    @ParentCommand KeysCommand keys;
    @Spec CommandSpec spec;

    @Option(
        names = "--secret-stdin",
        required = true,
        description =
            "Read the key from standard input (required: secrets never go on the command line).")
    boolean secretStdin;

    @Option(
        names = {"-c", "--config"},
        paramLabel = "FILE",
        description = "The node's configuration file, for its pepper.")
    Path config;

    @Override
    public Integer call() throws IOException {
      byte[] input = keys.stdin.readNBytes(MAX_STDIN_BYTES + 1);
      if (input.length > MAX_STDIN_BYTES) {
        throw new IllegalArgumentException("standard input is too long to be an API key");
      }
      String text = new String(input, StandardCharsets.UTF_8).strip();
      String secret =
          ApiKeyFormat.parse(text)
              .map(ApiKeyFormat.Parsed::secret)
              .or(() -> Optional.of(text).filter(ApiKeyFormat::isValidSecret))
              .orElseThrow(
                  () ->
                      new IllegalArgumentException(
                          "standard input is not an API key (mcpfw_<id>_<secret>) or a key secret"
                              + " (43 base64url characters)"));
      PrintWriter out = spec.commandLine().getOut();
      out.println(keys.target(config).pepper().hash(secret));
      out.flush();
      return 0;
    }
  }

  /**
   * Reads {@code 30d}, {@code 12h}, {@code 90m}, {@code 3600s} with the configuration's {@link
   * DurationParser}; unlike a config file, the command line insists on a unit, so {@code --ttl 30}
   * cannot silently mean 30 milliseconds.
   */
  static final class TtlConverter implements CommandLine.ITypeConverter<Duration> {
    private static final Pattern WITH_UNIT = Pattern.compile("[1-9][0-9]{0,8}[smhd]");

    @Override
    public Duration convert(String value) {
      String text = value.strip();
      if (!WITH_UNIT.matcher(text).matches()) {
        throw new CommandLine.TypeConversionException(
            "'" + value + "' is not a duration such as 30d, 12h, 90m or 3600s");
      }
      return DurationParser.parse(text);
    }
  }

  /** A YAML double-quoted scalar: JSON string syntax is valid YAML. */
  private static String quoted(String value) {
    return Json.encode(value);
  }
}
