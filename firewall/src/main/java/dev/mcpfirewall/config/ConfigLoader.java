package dev.mcpfirewall.config;

import static dev.mcpfirewall.config.PlainValues.asObject;
import static dev.mcpfirewall.config.PlainValues.duration;
import static dev.mcpfirewall.config.PlainValues.integer;
import static dev.mcpfirewall.config.PlainValues.list;
import static dev.mcpfirewall.config.PlainValues.object;
import static dev.mcpfirewall.config.PlainValues.path;
import static dev.mcpfirewall.config.PlainValues.stringMap;
import static dev.mcpfirewall.config.PlainValues.strings;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.yaml.snakeyaml.error.Mark;

/**
 * Reads the firewall's YAML configuration file into a {@link FirewallConfig}.
 *
 * <p>The file goes through four steps, and any problem in any of them ends in a {@link
 * ConfigException} whose lines name the file, the JSON pointer of the offending value, what was
 * expected and the line and column, for example:
 *
 * <pre>
 * /etc/mcp-firewall.yaml: invalid configuration
 *   /upstreams/1/url: must be an http:// or https:// URL (line 7, column 10)
 * </pre>
 *
 * <ol>
 *   <li>YAML is parsed safely (core types only, aliases limited), and {@code ${VAR}} and {@code
 *       ${VAR:-default}} references in string values are replaced from the environment given to
 *       the constructor; {@code $${} writes a literal {@code ${}.
 *   <li>The result is validated against {@code config/schema/mcp-firewall.schema.json}.
 *   <li>Rules the schema cannot express are checked ({@link ConfigRules}, {@link AccessRules}):
 *       unique names, usable URLs, ports, roles that exist, address ranges that parse.
 *   <li>Defaults are filled in from the {@code DEFAULT_*} constants of the config records.
 * </ol>
 *
 * <pre>{@code
 * FirewallConfig config = new ConfigLoader(System.getenv()).load(Path.of("mcp-firewall.yaml"));
 * }</pre>
 *
 * <p>Instances are immutable and may be shared; the schema is compiled once per JVM.
 */
public final class ConfigLoader {

  /** Classpath location of the default configuration ({@code config/mcp-firewall.yaml}). */
  public static final String DEFAULT_RESOURCE = "dev/mcpfirewall/config/default/mcp-firewall.yaml";

  private static final long MAX_FILE_BYTES = YamlDocument.MAX_CODE_POINTS;

  private final EnvironmentSubstitution environment;

  /**
   * @param environment the variables {@code ${VAR}} references are resolved from; usually {@link
   *     System#getenv()}, a fixed map in tests
   */
  public ConfigLoader(Map<String, String> environment) {
    this.environment = new EnvironmentSubstitution(environment);
  }

  /**
   * Reads and validates {@code file}. Relative paths in it ({@code dataDir}, {@code auth.keyStore},
   * {@code auth.jwt.publicKeyFiles}, the {@code cwd} of a stdio upstream) are resolved against the
   * file's directory.
   *
   * @throws ConfigException if the file is missing, unreadable, not YAML, or not a valid
   *     configuration
   */
  public FirewallConfig load(Path file) {
    String source = file.toString();
    String yaml = readFile(file, source);
    Path directory = file.toAbsolutePath().normalize().getParent();
    return read(yaml, source, Optional.of(file), Optional.ofNullable(directory));
  }

  /**
   * Validates configuration text that did not come from a file. Relative paths stay relative (to
   * the firewall's working directory).
   *
   * @param sourceName what the text is called in error messages
   * @throws ConfigException if the text is not YAML or not a valid configuration
   */
  public FirewallConfig parse(String yaml, String sourceName) {
    return read(yaml, sourceName, Optional.empty(), Optional.empty());
  }

  /**
   * The configuration shipped in the jar ({@code config/mcp-firewall.yaml}): the firewall on
   * 127.0.0.1:8080 in front of the demo upstream. It uses no environment variables.
   */
  public static FirewallConfig embeddedDefault() {
    String source = "classpath:" + DEFAULT_RESOURCE;
    try (InputStream in =
        ConfigLoader.class.getClassLoader().getResourceAsStream(DEFAULT_RESOURCE)) {
      if (in == null) {
        throw new ConfigException(source, List.of("missing from the classpath; the jar is broken"));
      }
      return new ConfigLoader(Map.of())
          .read(decode(in.readAllBytes()), source, Optional.empty(), Optional.empty());
    } catch (IOException e) {
      throw new ConfigException(source, List.of("cannot be read: " + e));
    }
  }

  private FirewallConfig read(
      String yaml, String sourceName, Optional<Path> source, Optional<Path> directory) {
    YamlDocument document = YamlDocument.read(yaml, sourceName, environment);
    List<ConfigProblem> problems = new ArrayList<>(document.problems());
    addUnreported(problems, ConfigSchema.get().validate(document.root()));
    addUnreported(problems, ConfigRules.check(document.root()));
    addUnreported(problems, PluginsSection.check(document.root()));
    if (!problems.isEmpty()) {
      throw new ConfigException(sourceName, render(document, problems));
    }
    @SuppressWarnings("unchecked")
    Map<String, Object> root = (Map<String, Object>) document.root();
    return bind(root, source, directory);
  }

  /** A later step's problem about a value an earlier step already reported adds nothing. */
  private static void addUnreported(List<ConfigProblem> problems, List<ConfigProblem> more) {
    Set<String> reported = new HashSet<>();
    problems.forEach(p -> reported.add(p.pointer()));
    more.stream().filter(p -> !reported.contains(p.pointer())).forEach(problems::add);
  }

  private static List<String> render(YamlDocument document, List<ConfigProblem> problems) {
    record Located(ConfigProblem problem, Optional<Mark> mark) {
      int index() {
        return mark.map(Mark::getIndex).orElse(Integer.MAX_VALUE);
      }

      String text() {
        return problem.displayPointer()
            + ": "
            + problem.message()
            + mark.map(m -> " (line " + (m.getLine() + 1) + ", column " + (m.getColumn() + 1) + ")")
                .orElse("");
      }
    }
    return problems.stream()
        .map(p -> new Located(p, document.position(p)))
        .sorted(Comparator.comparingInt(Located::index))
        .map(Located::text)
        .toList();
  }

  private static String readFile(Path file, String source) {
    try {
      if (Files.isDirectory(file)) {
        throw new ConfigException(source, List.of("is a directory, not a configuration file"));
      }
      if (Files.size(file) > MAX_FILE_BYTES) {
        throw new ConfigException(
            source,
            List.of("is larger than " + MAX_FILE_BYTES + " bytes; not a configuration file"));
      }
      return decode(Files.readAllBytes(file));
    } catch (NoSuchFileException e) {
      throw new ConfigException(source, List.of("file not found"));
    } catch (AccessDeniedException e) {
      throw new ConfigException(source, List.of("permission denied: the firewall cannot read it"));
    } catch (CharacterCodingException e) {
      throw new ConfigException(source, List.of("is not UTF-8 text"));
    } catch (IOException e) {
      throw new ConfigException(source, List.of("cannot be read: " + e));
    }
  }

  private static String decode(byte[] bytes) throws CharacterCodingException {
    String text =
        StandardCharsets.UTF_8
            .newDecoder()
            .onMalformedInput(CodingErrorAction.REPORT)
            .onUnmappableCharacter(CodingErrorAction.REPORT)
            .decode(ByteBuffer.wrap(bytes))
            .toString();
    return text.startsWith("\uFEFF") ? text.substring(1) : text;
  }

  // Binding: the document has passed the schema and the rules, so shapes and ranges are known.

  private static FirewallConfig bind(
      Map<String, Object> root, Optional<Path> source, Optional<Path> directory) {
    Map<String, Object> limits = object(root, "limits");
    Map<String, Object> sessions = object(root, "sessions");
    Path dataDir = AccessSections.dataDir(root, directory);
    return new FirewallConfig(
        source,
        AccessSections.listener(object(root, "listen"), ListenConfig.DEFAULT_PORT),
        list(root.get("upstreams")).stream().map(u -> upstream(asObject(u), directory)).toList(),
        new LimitsConfig(
            integer(limits.get("maxBodyBytes"), LimitsConfig.DEFAULT_MAX_BODY_BYTES),
            integer(limits.get("maxJsonDepth"), LimitsConfig.DEFAULT_MAX_JSON_DEPTH)),
        new SessionConfig(
            duration(sessions.get("idleTimeout"), SessionConfig.DEFAULT_IDLE_TIMEOUT),
            integer(sessions.get("maxSessions"), SessionConfig.DEFAULT_MAX_SESSIONS)),
        strings(root.get("protocolVersions"), FirewallConfig.DEFAULT_PROTOCOL_VERSIONS),
        dataDir,
        AccessSections.admin(root),
        AccessSections.auth(root, directory, dataDir),
        AccessSections.policy(root),
        AccessSections.alerts(root),
        PluginsSection.bind(root, directory),
        AuditSection.bind(root, directory, dataDir));
  }

  private static UpstreamConfig upstream(Map<String, Object> upstream, Optional<Path> directory) {
    String name = (String) upstream.get("name");
    Map<String, Object> timeouts = object(upstream, "timeouts");
    UpstreamConfig.Timeouts timeoutConfig =
        new UpstreamConfig.Timeouts(
            duration(timeouts.get("connect"), UpstreamConfig.Timeouts.DEFAULT_CONNECT),
            duration(timeouts.get("request"), UpstreamConfig.Timeouts.DEFAULT_REQUEST));
    if (upstream.containsKey("url")) {
      UpstreamConfig.Transport transport =
          "sse".equals(upstream.get("transport"))
              ? UpstreamConfig.Transport.SSE
              : UpstreamConfig.Transport.STREAMABLE_HTTP;
      return new UpstreamConfig(
          name,
          transport,
          Optional.of(URI.create((String) upstream.get("url"))),
          stringMap(upstream.get("headers")),
          Optional.empty(),
          timeoutConfig,
          integrity(object(upstream, "integrity")));
    }
    Map<String, Object> restart = object(upstream, "restart");
    UpstreamConfig.StdioCommand command =
        new UpstreamConfig.StdioCommand(
            strings(upstream.get("command"), List.of()),
            stringMap(upstream.get("env")),
            Optional.ofNullable((String) upstream.get("cwd")).map(cwd -> path(cwd, directory)),
            new UpstreamConfig.Restart(
                duration(
                    restart.get("initialBackoff"), UpstreamConfig.Restart.DEFAULT_INITIAL_BACKOFF),
                duration(restart.get("maxBackoff"), UpstreamConfig.Restart.DEFAULT_MAX_BACKOFF),
                integer(restart.get("maxRestarts"), UpstreamConfig.Restart.DEFAULT_MAX_RESTARTS)));
    return new UpstreamConfig(
        name,
        UpstreamConfig.Transport.STDIO,
        Optional.empty(),
        Map.of(),
        Optional.of(command),
        timeoutConfig,
        integrity(object(upstream, "integrity")));
  }

  private static ToolIntegrityConfig integrity(Map<String, Object> integrity) {
    Map<String, Object> strict = object(integrity, "strictArguments");
    ToolIntegrityConfig.StrictArguments defaults = ToolIntegrityConfig.StrictArguments.disabled();
    return new ToolIntegrityConfig(
        "require-approval".equals(integrity.get("newTools"))
            ? ToolIntegrityConfig.NewTools.REQUIRE_APPROVAL
            : ToolIntegrityConfig.NewTools.TRUST_ON_FIRST_USE,
        "upstream".equals(integrity.get("onChange"))
            ? ToolIntegrityConfig.ChangeScope.UPSTREAM
            : ToolIntegrityConfig.ChangeScope.TOOL,
        "monitor".equals(integrity.get("outputSchema"))
            ? ToolIntegrityConfig.OutputCheck.MONITOR
            : ToolIntegrityConfig.OutputCheck.BLOCK,
        new ToolIntegrityConfig.StrictArguments(
            Boolean.TRUE.equals(strict.get("enabled")),
            integer(strict.get("maxStringLength"), defaults.maxStringLength()),
            integer(strict.get("maxArrayItems"), defaults.maxArrayItems()),
            integer(strict.get("maxDepth"), defaults.maxDepth())));
  }
}
