package dev.mcpfirewall.cli;

import dev.mcpfirewall.config.ConfigLoader;
import dev.mcpfirewall.config.FirewallConfig;
import dev.mcpfirewall.config.ListenConfig;
import dev.mcpfirewall.config.UpstreamConfig;
import dev.mcpfirewall.demo.DemoUpstream;
import java.io.PrintWriter;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code mcp-firewall demo}: one node with the embedded default configuration in front of an
 * embedded demo upstream, so a newcomer sees the firewall work with nothing else installed.
 */
@Command(
    name = "demo",
    mixinStandardHelpOptions = true,
    description = {
      "Run a single firewall node in front of an embedded demo MCP server (team notes:"
          + " read-only and destructive tools, a resource and a prompt), with the built-in"
          + " default configuration. Loopback only. Stop with Ctrl+C."
    })
final class DemoCommand implements Callable<Integer> {
  static final String UPSTREAM = "demo";

  @Spec CommandSpec spec;

  @Option(
      names = "--port",
      defaultValue = "8080",
      paramLabel = "PORT",
      description = "Port agents connect to (default: ${DEFAULT-VALUE}; 0 picks a free one).")
  int port;

  @Option(
      names = "--upstream-port",
      defaultValue = "3001",
      paramLabel = "PORT",
      description =
          "Port of the embedded demo upstream (default: ${DEFAULT-VALUE}; 0 picks a free one).")
  int upstreamPort;

  @Option(
      names = "--admin-port",
      defaultValue = "9090",
      paramLabel = "PORT",
      description = "Port of the admin plane (default: ${DEFAULT-VALUE}; 0 picks a free one).")
  int adminPort;

  @Override
  public Integer call() throws Exception {
    FirewallConfig defaults = ConfigLoader.embeddedDefault();
    DemoUpstream upstream = DemoUpstream.start(ListenConfig.DEFAULT_HOST, upstreamPort);
    Runtime.getRuntime().addShutdownHook(new Thread(upstream::close, "demo-upstream-stop"));
    // The demo keeps its state (keys, key pepper, tool pins, audit trail) in a fresh directory:
    // nothing
    // outlives the run.
    java.nio.file.Path state = java.nio.file.Files.createTempDirectory("mcp-firewall-demo");
    FirewallConfig config =
        withDemoUpstream(defaults, upstream, port, adminPort)
            .withDataDir(state)
            .withAuth(dev.mcpfirewall.config.AuthConfig.defaults(state))
            .withAudit(dev.mcpfirewall.config.AuditConfig.defaults(state));
    return RunningNode.runUntilStopped(
        config,
        null,
        node -> {
          DemoKeys keys = DemoKeys.create(node);
          printWelcome(spec.commandLine().getOut(), node, upstream, keys);
        });
  }

  /** The keys the demo hands out: shown once, at start. */
  record DemoKeys(String operator, String reader) {
    static DemoKeys create(dev.mcpfirewall.server.FirewallNode node) {
      try {
        return new DemoKeys(
            key(node, "demo-operator", "operator"), key(node, "demo-reader", "reader"));
      } catch (Exception e) {
        throw new IllegalStateException("could not create the demo's API keys", e);
      }
    }

    private static String key(dev.mcpfirewall.server.FirewallNode node, String owner, String role)
        throws Exception {
      return node.keys()
          .create(
              owner,
              List.of(role),
              dev.mcpfirewall.config.AuthConfig.KeyScopes.unrestricted(),
              Optional.of(java.time.Duration.ofDays(1)))
          .toCompletionStage()
          .toCompletableFuture()
          .get(30, java.util.concurrent.TimeUnit.SECONDS)
          .key();
    }
  }

  /** The default configuration, pointed at the running demo upstream and the chosen port. */
  static FirewallConfig withDemoUpstream(
      FirewallConfig defaults, DemoUpstream upstream, int port, int adminPort) {
    UpstreamConfig template =
        defaults
            .upstream(UPSTREAM)
            .orElseThrow(
                () ->
                    new IllegalStateException("the default configuration has no 'demo' upstream"));
    UpstreamConfig demo =
        new UpstreamConfig(
            template.name(),
            UpstreamConfig.Transport.STREAMABLE_HTTP,
            Optional.of(upstream.endpoint()),
            template.headers(),
            Optional.empty(),
            template.timeouts());
    ListenConfig listen =
        new ListenConfig(
            defaults.listen().host(),
            port,
            defaults.listen().allowedHosts(),
            defaults.listen().allowedOrigins());
    ListenConfig admin =
        new ListenConfig(
            defaults.admin().listen().host(),
            adminPort,
            defaults.admin().listen().allowedHosts(),
            defaults.admin().listen().allowedOrigins());
    return defaults
        .withListen(listen)
        .withUpstreams(List.of(demo))
        .withAdmin(new dev.mcpfirewall.config.AdminConfig(admin));
  }

  private static void printWelcome(
      PrintWriter out,
      dev.mcpfirewall.server.FirewallNode node,
      DemoUpstream upstream,
      DemoKeys keys) {
    String endpoint = "http://127.0.0.1:" + node.port() + "/mcp/" + UPSTREAM;
    out.println();
    out.println("MCP Firewall demo is running.");
    out.println();
    out.println("  Agents connect to   " + endpoint + "   (MCP Streamable HTTP)");
    out.println(
        "  Demo upstream       "
            + upstream.endpoint()
            + "   (team notes: search_notes, get_note, delete_note; notes://index; summarize_notes)");
    out.println("  Admin plane         http://127.0.0.1:" + node.adminPort() + "/admin/");
    out.println();
    out.println("Every request needs an API key (Authorization: Bearer <key>). Shown once:");
    out.println("  operator key        " + keys.operator() + "   (may call every tool)");
    out.println("  reader key          " + keys.reader() + "   (read-only tools only)");
    out.println();
    out.println("Point any MCP client at the endpoint with a key, for example the MCP Inspector:");
    out.println("  npx @modelcontextprotocol/inspector   (transport: Streamable HTTP, URL above,");
    out.println("  header Authorization: Bearer <key>)");
    out.println("or try it with curl:");
    out.println(
        "  curl -si " + endpoint + " -H 'Authorization: Bearer " + keys.operator() + "' \\");
    out.println(
        "    -H 'Content-Type: application/json' -H 'Accept: application/json, text/event-stream' \\");
    out.println(
        "    -d '{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"initialize\",\"params\":"
            + "{\"protocolVersion\":\"2025-06-18\",\"capabilities\":{},"
            + "\"clientInfo\":{\"name\":\"curl\",\"version\":\"1\"}}}'");
    out.println();
    out.println("Press Ctrl+C to stop.");
    out.flush();
  }
}
