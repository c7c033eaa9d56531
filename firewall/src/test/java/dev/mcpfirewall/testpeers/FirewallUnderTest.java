package dev.mcpfirewall.testpeers;

import dev.mcpfirewall.config.FirewallConfig;
import dev.mcpfirewall.config.LimitsConfig;
import dev.mcpfirewall.config.ListenConfig;
import dev.mcpfirewall.config.SessionConfig;
import dev.mcpfirewall.config.UpstreamConfig;
import dev.mcpfirewall.server.FirewallNode;
import io.vertx.core.Vertx;
import java.net.URI;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/** A real firewall node on a free loopback port, in this JVM, for through-the-wire tests. */
public final class FirewallUnderTest implements AutoCloseable {
  private final Vertx vertx;
  private final FirewallNode node;
  private final String agentKey;

  private FirewallUnderTest(Vertx vertx, FirewallNode node, String agentKey) {
    this.vertx = vertx;
    this.node = node;
    this.agentKey = agentKey;
  }

  public static FirewallUnderTest start(FirewallConfig config) throws Exception {
    Vertx vertx = Vertx.vertx();
    try {
      FirewallNode node =
          FirewallNode.start(vertx, config, 2)
              .toCompletionStage()
              .toCompletableFuture()
              .get(30, TimeUnit.SECONDS);
      String agentKey =
          node.keys()
              .create(
                  "test-agent",
                  List.of("operator"),
                  dev.mcpfirewall.config.AuthConfig.KeyScopes.unrestricted(),
                  Optional.empty())
              .toCompletionStage()
              .toCompletableFuture()
              .get(30, TimeUnit.SECONDS)
              .key();
      return new FirewallUnderTest(vertx, node, agentKey);
    } catch (Exception e) {
      vertx.close();
      throw e;
    }
  }

  public static FirewallUnderTest start(List<UpstreamConfig> upstreams) throws Exception {
    return start(config(upstreams, LimitsConfig.defaults()));
  }

  /** A loopback configuration on port 0 with these upstreams. */
  public static FirewallConfig config(List<UpstreamConfig> upstreams, LimitsConfig limits) {
    java.nio.file.Path dataDir;
    try {
      dataDir = java.nio.file.Files.createTempDirectory("mcp-firewall-test");
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
    return new FirewallConfig(
        Optional.empty(),
        new ListenConfig("127.0.0.1", 0, List.of(), List.of()),
        upstreams,
        limits,
        SessionConfig.defaults(),
        FirewallConfig.DEFAULT_PROTOCOL_VERSIONS,
        dataDir,
        new dev.mcpfirewall.config.AdminConfig(
            new ListenConfig("127.0.0.1", 0, List.of(), List.of())),
        // Tests make many deliberate authentication failures from 127.0.0.1: lockout is tested on
        // its own, with its real thresholds.
        dev.mcpfirewall.config.AuthConfig.defaults(dataDir)
            .withLockout(
                new dev.mcpfirewall.config.AuthConfig.Lockout(
                    100_000,
                    java.time.Duration.ofMinutes(5),
                    java.time.Duration.ofSeconds(1),
                    java.time.Duration.ofSeconds(2))),
        dev.mcpfirewall.config.PolicyConfig.defaults(),
        dev.mcpfirewall.config.AlertsConfig.defaults(),
        dev.mcpfirewall.config.PluginsConfig.defaults());
  }

  /** A Streamable HTTP upstream entry. */
  public static UpstreamConfig http(String name, URI url) {
    return new UpstreamConfig(
        name,
        UpstreamConfig.Transport.STREAMABLE_HTTP,
        Optional.of(url),
        Map.of(),
        Optional.empty(),
        UpstreamConfig.Timeouts.defaults());
  }

  /** A legacy HTTP+SSE upstream entry. */
  public static UpstreamConfig sse(String name, URI url) {
    return new UpstreamConfig(
        name,
        UpstreamConfig.Transport.SSE,
        Optional.of(url),
        Map.of(),
        Optional.empty(),
        UpstreamConfig.Timeouts.defaults());
  }

  /** A stdio upstream entry. */
  public static UpstreamConfig stdio(String name, List<String> command) {
    return new UpstreamConfig(
        name,
        UpstreamConfig.Transport.STDIO,
        Optional.empty(),
        Map.of(),
        Optional.of(
            new UpstreamConfig.StdioCommand(
                command, Map.of(), Optional.empty(), UpstreamConfig.Restart.defaults())),
        UpstreamConfig.Timeouts.defaults());
  }

  public int port() {
    return node.port();
  }

  /** An API key with the {@code operator} role (every upstream and tool), for agents in tests. */
  public String agentKey() {
    return agentKey;
  }

  /** Creates another API key on the running node and returns it. */
  public String createKey(
      String owner, List<String> roles, dev.mcpfirewall.config.AuthConfig.KeyScopes scopes)
      throws Exception {
    return node.keys()
        .create(owner, roles, scopes, Optional.empty())
        .toCompletionStage()
        .toCompletableFuture()
        .get(30, TimeUnit.SECONDS)
        .key();
  }

  /** The base URI agents use: {@code http://127.0.0.1:PORT}. */
  public URI base() {
    return URI.create("http://127.0.0.1:" + port());
  }

  public FirewallNode node() {
    return node;
  }

  public Vertx vertx() {
    return vertx;
  }

  @Override
  public void close() throws Exception {
    try {
      node.stop()
          .eventually(vertx::close)
          .toCompletionStage()
          .toCompletableFuture()
          .get(30, TimeUnit.SECONDS);
    } catch (java.util.concurrent.TimeoutException e) {
      // A stop that hangs is a bug to diagnose, not to retry: leave the evidence in the report.
      StringBuilder dump = new StringBuilder("firewall stop timed out; threads:\n");
      Thread.getAllStackTraces()
          .forEach(
              (thread, stack) -> {
                dump.append('"').append(thread.getName()).append("\" ").append(thread.getState());
                for (StackTraceElement frame : stack) {
                  dump.append("\n    at ").append(frame);
                }
                dump.append('\n');
              });
      System.err.println(dump);
      throw e;
    }
  }
}
