package dev.mcpfirewall.testpeers;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Runs the official MCP conformance suite ({@code @modelcontextprotocol/conformance}, installed by
 * npm in {@code firewall/src/test/interop}) against an MCP server URL, as a Node 22 subprocess, and
 * returns one {@link ScenarioResult} per server scenario, read from the {@code checks.json} files
 * the suite writes with {@code --output-dir}.
 *
 * <p>A missing Node or suite is an error naming what is missing and how to install it ({@value
 * #INSTALL_COMMAND}); the conformance tests never skip.
 *
 * <pre>{@code
 * @TestFactory
 * Stream<DynamicTest> conformance() {
 *   return ConformanceSuite.locate().runActiveSuite(url).stream()
 *       .map(result -> DynamicTest.dynamicTest(result.scenario(), result::assertPassed));
 * }
 * }</pre>
 *
 * <p>The suite's "active" set is every server scenario except the pending ones (0.1.16: {@code
 * json-schema-2020-12} and {@code server-sse-polling}); {@code list} prints both kinds without
 * telling them apart, so the active set is what a {@code server} run without {@code --scenario}
 * executes. DNS-rebinding checks need a loopback URL ({@code 127.0.0.1} or {@code localhost}).
 */
public final class ConformanceSuite {

  /** The command that installs Node 22 and the suite (from the repository root). */
  public static final String INSTALL_COMMAND = "npm ci --prefix firewall/src/test/interop";

  /** How long one suite run may take before the subprocess is killed. */
  public static final Duration DEFAULT_TIMEOUT = Duration.ofMinutes(5);

  /** System property overriding where the interop npm project is. */
  public static final String INTEROP_DIR_PROPERTY = "mcpfirewall.interop.dir";

  private static final int REQUIRED_NODE_MAJOR = 22;
  private static final Path SUITE_CLI =
      Path.of("node_modules", "@modelcontextprotocol", "conformance", "dist", "index.js");
  private static final Pattern SUMMARY_LINE =
      Pattern.compile("^([✓✗]) (\\S+): (\\d+) passed, (\\d+) failed", Pattern.MULTILINE);
  private static final Pattern LIST_LINE = Pattern.compile("^\\s+- (\\S+)", Pattern.MULTILINE);
  private static final Pattern RESULT_DIR =
      Pattern.compile("server-(.+)-\\d{4}-\\d{2}-\\d{2}T\\d{2}-\\d{2}-\\d{2}-\\d{3}Z");
  private static final int DETAILS_EXCERPT = 600;

  private final Path node;
  private final Path cli;
  private final Duration timeout;

  private ConformanceSuite(Path node, Path cli, Duration timeout) {
    this.node = node;
    this.cli = cli;
    this.timeout = timeout;
  }

  /**
   * Finds Node 22 and the suite: in {@code -D}{@value #INTEROP_DIR_PROPERTY}, else in {@code
   * src/test/interop} (tests run in the module directory) or {@code firewall/src/test/interop}
   * (repository root).
   *
   * @throws IllegalStateException naming the missing tool and the install command
   */
  public static ConformanceSuite locate() {
    Path interop = interopDirectory().toAbsolutePath().normalize();
    Path cli = interop.resolve(SUITE_CLI);
    if (!Files.isRegularFile(cli)) {
      throw new IllegalStateException(
          "The MCP conformance suite (@modelcontextprotocol/conformance) is not installed: "
              + cli
              + " is missing. Install it with: "
              + INSTALL_COMMAND);
    }
    return new ConformanceSuite(findNode(interop), cli, DEFAULT_TIMEOUT);
  }

  /** The same suite with another timeout per run. */
  public ConformanceSuite withTimeout(Duration timeout) {
    return new ConformanceSuite(node, cli, timeout);
  }

  /** The Node 22 executable used. */
  public Path node() {
    return node;
  }

  /** The suite's CLI script ({@code dist/index.js}). */
  public Path cli() {
    return cli;
  }

  /**
   * Every server scenario the suite knows, pending ones included, from {@code list --server}.
   *
   * @throws IllegalStateException if the command fails
   */
  public List<String> serverScenarios() {
    Run run = run(List.of("list", "--server"));
    if (run.exitCode() != 0) {
      throw new IllegalStateException("conformance list failed:\n" + run.output());
    }
    List<String> names = new ArrayList<>();
    Matcher line = LIST_LINE.matcher(run.output());
    while (line.find()) {
      names.add(line.group(1));
    }
    if (names.isEmpty()) {
      throw new IllegalStateException("conformance list printed no scenarios:\n" + run.output());
    }
    return names;
  }

  /** Runs the active server scenarios (the suite's default set) against {@code url}. */
  public List<ScenarioResult> runActiveSuite(URI url) {
    return runSuite(url, "active");
  }

  /**
   * Runs a server suite against {@code url}, one result per scenario in the suite's order.
   *
   * @param suite {@code active}, {@code all} or {@code pending}
   * @throws IllegalStateException if the suite cannot run or prints no results
   */
  public List<ScenarioResult> runSuite(URI url, String suite) {
    return withResultsDirectory(
        results -> {
          Run run =
              run(
                  List.of(
                      "server",
                      "--url",
                      url.toString(),
                      "--suite",
                      suite,
                      "--output-dir",
                      results.toString()));
          Map<String, List<Check>> checks = readChecks(results);
          Map<String, String> sections = scenarioSections(run.output());
          List<ScenarioResult> scenarios = new ArrayList<>();
          Matcher summary = SUMMARY_LINE.matcher(run.output());
          while (summary.find()) {
            String name = summary.group(2);
            scenarios.add(
                result(name, checks.get(name), sections.getOrDefault(name, run.output())));
          }
          if (scenarios.isEmpty()) {
            throw new IllegalStateException(
                "the conformance suite ran no scenarios (exit "
                    + run.exitCode()
                    + "):\n"
                    + run.output());
          }
          return scenarios;
        });
  }

  /** Runs one server scenario against {@code url}. */
  public ScenarioResult runScenario(URI url, String scenario) {
    return withResultsDirectory(
        results -> {
          Run run =
              run(
                  List.of(
                      "server",
                      "--url",
                      url.toString(),
                      "--scenario",
                      scenario,
                      "--output-dir",
                      results.toString()));
          return result(scenario, readChecks(results).get(scenario), run.output());
        });
  }

  private static ScenarioResult result(String scenario, List<Check> checks, String output) {
    if (checks == null) {
      return new ScenarioResult(
          scenario,
          List.of(
              new Check(
                  scenario,
                  scenario,
                  "The scenario did not complete",
                  Check.FAILURE,
                  "no checks.json was written; suite output:\n" + output,
                  "")),
          output);
    }
    return new ScenarioResult(scenario, checks, output);
  }

  private <T> T withResultsDirectory(java.util.function.Function<Path, T> body) {
    Path results;
    try {
      results = Files.createTempDirectory("mcp-conformance-");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    try {
      return body.apply(results);
    } finally {
      deleteRecursively(results);
    }
  }

  private Run run(List<String> arguments) {
    List<String> command = new ArrayList<>();
    command.add(node.toString());
    command.add(cli.toString());
    command.addAll(arguments);
    Path output = null;
    Process process = null;
    try {
      output = Files.createTempFile("mcp-conformance-", ".log");
      ProcessBuilder builder =
          new ProcessBuilder(command)
              .directory(cli.getParent().toFile())
              .redirectErrorStream(true)
              .redirectOutput(output.toFile());
      builder.environment().put("NO_COLOR", "1");
      builder.environment().put("FORCE_COLOR", "0");
      process = builder.start();
      if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
        destroy(process);
        throw new IllegalStateException(
            "the conformance suite did not finish within "
                + timeout
                + ": "
                + String.join(" ", command)
                + "\n"
                + Files.readString(output, StandardCharsets.UTF_8));
      }
      return new Run(process.exitValue(), Files.readString(output, StandardCharsets.UTF_8));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot run " + String.join(" ", command), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      destroy(process);
      throw new IllegalStateException("interrupted while running the conformance suite", e);
    } finally {
      if (output != null) {
        try {
          Files.deleteIfExists(output);
        } catch (IOException e) {
          // A leftover log in the temp directory is harmless.
        }
      }
    }
  }

  private static Map<String, List<Check>> readChecks(Path results) {
    Map<String, List<Check>> byScenario = new LinkedHashMap<>();
    try (Stream<Path> directories = Files.list(results)) {
      for (Path directory : directories.sorted().toList()) {
        Matcher name = RESULT_DIR.matcher(directory.getFileName().toString());
        Path checksFile = directory.resolve("checks.json");
        if (name.matches() && Files.isRegularFile(checksFile)) {
          byScenario.put(
              name.group(1), parseChecks(Files.readString(checksFile, StandardCharsets.UTF_8)));
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return byScenario;
  }

  private static List<Check> parseChecks(String json) {
    List<Check> checks = new ArrayList<>();
    for (Object entry : new JsonArray(json)) {
      JsonObject check = (JsonObject) entry;
      Object details = check.getValue("details");
      checks.add(
          new Check(
              check.getString("id", ""),
              check.getString("name", ""),
              check.getString("description", ""),
              check.getString("status", ""),
              check.getString("errorMessage", ""),
              details == null ? "" : details.toString()));
    }
    return checks;
  }

  /** The output between "=== Running scenario: X ===" and the next such line, per scenario. */
  private static Map<String, String> scenarioSections(String output) {
    Map<String, String> sections = new LinkedHashMap<>();
    Matcher header =
        Pattern.compile("^=== Running scenario: (\\S+) ===$", Pattern.MULTILINE).matcher(output);
    String current = null;
    int start = 0;
    while (header.find()) {
      if (current != null) {
        sections.put(current, output.substring(start, header.start()));
      }
      current = header.group(1);
      start = header.start();
    }
    if (current != null) {
      int end = output.indexOf("=== SUMMARY ===", start);
      sections.put(current, output.substring(start, end < 0 ? output.length() : end));
    }
    return sections;
  }

  private static Path interopDirectory() {
    String configured = System.getProperty(INTEROP_DIR_PROPERTY);
    if (configured != null && !configured.isBlank()) {
      return Path.of(configured);
    }
    for (Path candidate :
        List.of(Path.of("src", "test", "interop"), Path.of("firewall", "src", "test", "interop"))) {
      if (Files.isRegularFile(candidate.resolve("package.json"))) {
        return candidate;
      }
    }
    throw new IllegalStateException(
        "cannot find the interop npm project (firewall/src/test/interop) from "
            + Path.of("").toAbsolutePath()
            + "; run from the repository root or the firewall module, or set -D"
            + INTEROP_DIR_PROPERTY);
  }

  private static Path findNode(Path interop) {
    String os = System.getProperty("os.name").toLowerCase(java.util.Locale.ROOT);
    String platform = os.contains("mac") ? "darwin" : os.contains("win") ? "win" : "linux";
    String arch = System.getProperty("os.arch").matches("aarch64|arm64") ? "arm64" : "x64";
    Path bundled =
        interop
            .resolve("node_modules")
            .resolve("node-" + platform + "-" + arch)
            .resolve(platform.equals("win") ? "bin/node.exe" : "bin/node");
    if (Files.isExecutable(bundled)) {
      return bundled;
    }
    Optional<Path> onPath = nodeOnPath();
    if (onPath.isPresent()) {
      return onPath.get();
    }
    throw new IllegalStateException(
        "Node.js "
            + REQUIRED_NODE_MAJOR
            + " is not installed: expected "
            + bundled
            + " (npm package node-"
            + platform
            + "-"
            + arch
            + "@"
            + REQUIRED_NODE_MAJOR
            + ") or a node "
            + REQUIRED_NODE_MAJOR
            + "+ on the PATH. Install it with: "
            + INSTALL_COMMAND);
  }

  private static Optional<Path> nodeOnPath() {
    String path = System.getenv("PATH");
    if (path == null) {
      return Optional.empty();
    }
    for (String directory : path.split(java.io.File.pathSeparator)) {
      Path candidate = Path.of(directory, "node");
      if (Files.isExecutable(candidate) && nodeMajor(candidate) >= REQUIRED_NODE_MAJOR) {
        return Optional.of(candidate);
      }
    }
    return Optional.empty();
  }

  private static int nodeMajor(Path node) {
    try {
      Process process =
          new ProcessBuilder(node.toString(), "--version").redirectErrorStream(true).start();
      String version = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      if (!process.waitFor(10, TimeUnit.SECONDS)) {
        process.destroyForcibly();
        return -1;
      }
      Matcher major = Pattern.compile("^v(\\d+)\\.").matcher(version.strip());
      return major.find() ? Integer.parseInt(major.group(1)) : -1;
    } catch (IOException e) {
      return -1;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return -1;
    }
  }

  private static void destroy(Process process) {
    if (process != null) {
      process.descendants().forEach(ProcessHandle::destroyForcibly);
      process.destroyForcibly();
    }
  }

  private static void deleteRecursively(Path root) {
    try (Stream<Path> paths = Files.walk(root)) {
      for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(path);
      }
    } catch (IOException e) {
      // Leftover result files in the temp directory are harmless.
    }
  }

  private record Run(int exitCode, String output) {}

  /** One check of a scenario, as the suite reports it. */
  public record Check(
      String id,
      String name,
      String description,
      String status,
      String errorMessage,
      String details) {

    /** The status of a failed check. */
    public static final String FAILURE = "FAILURE";

    /** The status of a check that passed with a reservation (does not fail the scenario). */
    public static final String WARNING = "WARNING";

    /** The status of a passed check. */
    public static final String SUCCESS = "SUCCESS";

    /** One line for messages: status, name, error and a short excerpt of the details. */
    public String describe() {
      StringBuilder line = new StringBuilder(status).append(' ').append(name);
      line.append(": ").append(errorMessage.isEmpty() ? description : errorMessage);
      if (!details.isEmpty()) {
        line.append("\n      details: ")
            .append(
                details.length() > DETAILS_EXCERPT
                    ? details.substring(0, DETAILS_EXCERPT) + "..."
                    : details);
      }
      return line.toString();
    }
  }

  /**
   * The outcome of one scenario: its checks and the suite's output for it. It passed when no check
   * failed (warnings do not fail a scenario, as in the suite's own exit code).
   */
  public record ScenarioResult(String scenario, List<Check> checks, String output) {

    /** Whether no check failed. */
    public boolean passed() {
      return failures().isEmpty();
    }

    /** The failed checks. */
    public List<Check> failures() {
      return checks.stream().filter(check -> Check.FAILURE.equals(check.status())).toList();
    }

    /** The checks that passed with a warning. */
    public List<Check> warnings() {
      return checks.stream().filter(check -> Check.WARNING.equals(check.status())).toList();
    }

    /** The failed and warning checks, one per line, for assertion messages. */
    public String report() {
      StringBuilder report =
          new StringBuilder("conformance scenario ")
              .append(scenario)
              .append(passed() ? " passed" : " FAILED");
      Stream.concat(failures().stream(), warnings().stream())
          .forEach(check -> report.append("\n  - ").append(check.describe()));
      return report.toString();
    }

    /**
     * Throws if the scenario failed, with the failed checks in the message.
     *
     * @throws AssertionError if a check failed
     */
    public void assertPassed() {
      if (!passed()) {
        throw new AssertionError(report());
      }
    }
  }
}
