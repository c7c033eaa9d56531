package dev.mcpfirewall.benchmark;

import dev.mcpfirewall.cli.FirewallCommand;
import io.vertx.core.Future;
import io.vertx.core.http.HttpClientAgent;
import io.vertx.core.http.HttpMethod;
import java.io.File;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import picocli.CommandLine;

/**
 * Runs the system under test of the load benchmark in a JVM of its own, so that its CPU time is its
 * own: the firewall through {@code mcp-firewall serve --config FILE} (or {@link FirewallProcess}
 * where there is no {@code serve} command), configured with one upstream, or the {@link RawProxy}
 * floor. Its output goes to {@code target/load-benchmark/firewall.log}.
 */
final class FirewallLauncher {
  private final LoadOptions options;
  private final Path workDir;
  private Process process;
  private String description;
  private String credential;

  FirewallLauncher(LoadOptions options, Path workDir) {
    this.options = options;
    this.workDir = workDir;
  }

  /**
   * The {@code Authorization} header value of the API key the firewall was configured with, or null
   * when the process needs none (the raw proxy).
   */
  String credential() {
    return credential;
  }

  /** What runs, how: for the report. */
  String description() {
    return description;
  }

  /** Starts the process (firewall or raw proxy) listening on 127.0.0.1:{@code port}. */
  Process start(int port, URI upstreamUri) throws IOException {
    Path config = workDir.resolve("firewall.yaml");
    Files.writeString(
        config,
        String.join(
            "\n",
            "# Written by LoadBenchmark: one Streamable HTTP upstream, the FastUpstream.",
            "listen:",
            "  host: 127.0.0.1",
            "  port: " + port,
            "upstreams:",
            "  - name: bench",
            "    url: " + upstreamUri,
            "    transport: streamable-http",
            ""),
        StandardCharsets.UTF_8);
    if (!options.launcher().startsWith("raw-proxy")) {
      deleteRecursively(workDir.resolve("data"));
      Files.writeString(
          config,
          String.join("\n", identity(appendsAuth())) + "\n",
          StandardCharsets.UTF_8,
          StandardOpenOption.APPEND);
    }
    if (options.firewallConfigAppend().isPresent()) {
      Files.writeString(
          config,
          Files.readString(options.firewallConfigAppend().get()),
          StandardCharsets.UTF_8,
          StandardOpenOption.APPEND);
    }
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.addAll(options.firewallJvmArgs());
    command.add("-Dhazelcast.phone.home.enabled=false");
    command.add("-cp");
    command.add(classPath());
    if (options.launcher().startsWith("raw-proxy")) {
      command.add(RawProxy.class.getName());
      command.addAll(
          List.of(
              "--port",
              Integer.toString(port),
              "--upstream",
              upstreamUri.toString(),
              "--event-loops",
              Integer.toString(options.firewallEventLoops())));
      boolean shared = options.launcher().equals("raw-proxy-shared");
      if (shared) {
        command.add("--shared-client");
      }
      description =
          "RawProxy (not the firewall: the pass-through floor, "
              + (shared ? "one shared upstream client" : "an upstream client per event loop")
              + ")";
      return launch(command);
    }
    CommandLine.Model.CommandSpec serve = serveCommand();
    boolean cli =
        switch (options.launcher()) {
          case "cli" -> true;
          case "embedded" -> false;
          default -> serve != null;
        };
    if (cli) {
      if (serve == null) {
        throw new IllegalStateException("--launcher cli: there is no `serve` command yet");
      }
      command.add(FirewallCommand.class.getName());
      command.addAll(List.of("serve", "--config", config.toString()));
      if (serve.findOption("--event-loops") != null) {
        command.addAll(List.of("--event-loops", Integer.toString(options.firewallEventLoops())));
      }
      description = "mcp-firewall serve, one API key (role reader)";
    } else {
      command.add(FirewallProcess.class.getName());
      command.addAll(
          List.of(
              "--config",
              config.toString(),
              "--event-loops",
              Integer.toString(options.firewallEventLoops())));
      description = "FirewallProcess, one API key (role reader)";
    }
    return launch(command);
  }

  private Process launch(List<String> command) throws IOException {
    description +=
        ", " + options.firewallEventLoops() + " event loops, " + options.firewallJvmArgs();
    Path log = workDir.resolve("firewall.log");
    process =
        new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
    return process;
  }

  /**
   * The firewall's identity settings for this run: a fresh pepper and one API key with the built-in
   * {@code reader} role (the fast upstream's tool is read-only), hashed as docs/api-keys.md
   * specifies; the admin listener on a free port and the data directory inside the work directory,
   * so that runs never collide with another node on this machine. No key when the configuration
   * appended with --firewall-config-append has its own {@code auth} section.
   */
  private List<String> identity(boolean withoutKey) throws IOException {
    SecureRandom random = new SecureRandom();
    Base64.Encoder base64url = Base64.getUrlEncoder().withoutPadding();
    String pepper = base64url.encodeToString(randomBytes(random));
    String secret = base64url.encodeToString(randomBytes(random));
    String hash;
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(pepper.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
      hash =
          "hmac-sha256:"
              + base64url.encodeToString(mac.doFinal(secret.getBytes(StandardCharsets.US_ASCII)));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("HmacSHA256 is not available", e);
    }
    credential = "Bearer mcpfw_bench_" + secret;
    List<String> settings =
        List.of(
            "dataDir: ./data",
            "admin:",
            "  listen:",
            "    host: 127.0.0.1",
            "    port: " + freePort());
    if (withoutKey) {
      credential = null;
      return settings;
    }
    return Stream.concat(
            settings.stream(),
            Stream.of(
                "auth:",
                "  keyPepper: \"" + pepper + "\"",
                "  apiKeys:",
                "    - id: bench",
                "      hash: \"" + hash + "\"",
                "      owner: load-benchmark",
                "      roles: [reader]"))
        .toList();
  }

  /** Whether the file given with --firewall-config-append has its own {@code auth} section. */
  private boolean appendsAuth() throws IOException {
    if (options.firewallConfigAppend().isEmpty()) {
      return false;
    }
    return Files.readAllLines(options.firewallConfigAppend().get()).stream()
        .anyMatch(line -> line.startsWith("auth:"));
  }

  private static byte[] randomBytes(SecureRandom random) {
    byte[] bytes = new byte[32];
    random.nextBytes(bytes);
    return bytes;
  }

  private static void deleteRecursively(Path directory) throws IOException {
    if (!Files.exists(directory)) {
      return;
    }
    try (var paths = Files.walk(directory)) {
      for (Path path : paths.sorted(java.util.Comparator.reverseOrder()).toList()) {
        Files.delete(path);
      }
    }
  }

  private static CommandLine.Model.CommandSpec serveCommand() {
    CommandLine serve = FirewallCommand.commandLine().getSubcommands().get("serve");
    return serve == null ? null : serve.getCommandSpec();
  }

  /** Waits until {@code GET /healthz} answers 200, failing if the process exits first. */
  void awaitHealthy(HttpClientAgent client, int port) throws Exception {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
    while (System.nanoTime() < deadline) {
      if (!process.isAlive()) {
        throw new IllegalStateException(
            "the firewall exited with status "
                + process.exitValue()
                + "; see "
                + workDir.resolve("firewall.log"));
      }
      try {
        int status =
            await(
                client
                    .request(HttpMethod.GET, port, "127.0.0.1", "/healthz")
                    .compose(r -> r.send())
                    .compose(r -> r.body().map(b -> r.statusCode())),
                5);
        if (status == 200) {
          return;
        }
      } catch (Exception notYet) {
        // Not listening yet.
      }
      Thread.sleep(200);
    }
    throw new IllegalStateException("the firewall did not become healthy within 60 s");
  }

  /** Ends the process: closes its standard input, then SIGTERM, then SIGKILL. */
  void stop() {
    Process p = process;
    if (p == null || !p.isAlive()) {
      return;
    }
    try {
      p.getOutputStream().close();
      if (!p.waitFor(5, TimeUnit.SECONDS)) {
        p.destroy();
        if (!p.waitFor(10, TimeUnit.SECONDS)) {
          p.destroyForcibly();
        }
      }
    } catch (IOException | InterruptedException e) {
      p.destroyForcibly();
    }
  }

  /**
   * The class path this program runs with. Under {@code exec:java} the system class path is Maven's
   * own, so the project's is read from the class loaders instead.
   */
  private static String classPath() {
    Set<String> entries = new LinkedHashSet<>();
    for (ClassLoader cl = LoadBenchmark.class.getClassLoader(); cl != null; cl = cl.getParent()) {
      if (cl instanceof URLClassLoader urls) {
        for (URL url : urls.getURLs()) {
          try {
            entries.add(Path.of(url.toURI()).toString());
          } catch (URISyntaxException | IllegalArgumentException e) {
            // Not a file: skip.
          }
        }
      }
    }
    String self = codeSource().toString();
    if (!entries.contains(self)) {
      return System.getProperty("java.class.path");
    }
    return String.join(File.pathSeparator, entries);
  }

  private static Path codeSource() {
    try {
      return Path.of(
          LoadBenchmark.class.getProtectionDomain().getCodeSource().getLocation().toURI());
    } catch (URISyntaxException e) {
      throw new IllegalStateException(e);
    }
  }

  /** {@code firewall/target}, found from where the compiled benchmark classes are. */
  static Path targetDirectory() {
    Path classes = codeSource();
    return classes.getParent() != null ? classes.getParent() : Path.of(".");
  }

  static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
      return socket.getLocalPort();
    }
  }

  private static <T> T await(Future<T> future, int seconds) throws Exception {
    return future.toCompletionStage().toCompletableFuture().get(seconds, TimeUnit.SECONDS);
  }
}
