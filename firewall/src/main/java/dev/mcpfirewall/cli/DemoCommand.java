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

  @Override
  public Integer call() throws Exception {
    FirewallConfig defaults = ConfigLoader.embeddedDefault();
    DemoUpstream upstream = DemoUpstream.start(ListenConfig.DEFAULT_HOST, upstreamPort);
    Runtime.getRuntime().addShutdownHook(new Thread(upstream::close, "demo-upstream-stop"));
    FirewallConfig config = withDemoUpstream(defaults, upstream, port);
    return RunningNode.runUntilStopped(
        config, null, node -> printWelcome(spec.commandLine().getOut(), node.port(), upstream));
  }

  /** The default configuration, pointed at the running demo upstream and the chosen port. */
  static FirewallConfig withDemoUpstream(FirewallConfig defaults, DemoUpstream upstream, int port) {
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
    return defaults.withListen(listen).withUpstreams(List.of(demo));
  }

  private static void printWelcome(PrintWriter out, int port, DemoUpstream upstream) {
    String endpoint = "http://127.0.0.1:" + port + "/mcp/" + UPSTREAM;
    out.println();
    out.println("MCP Firewall demo is running.");
    out.println();
    out.println("  Agents connect to   " + endpoint + "   (MCP Streamable HTTP)");
    out.println(
        "  Demo upstream       "
            + upstream.endpoint()
            + "   (team notes: search_notes, get_note, delete_note; notes://index; summarize_notes)");
    out.println();
    out.println("Point any MCP client at the endpoint, for example the MCP Inspector:");
    out.println("  npx @modelcontextprotocol/inspector   (transport: Streamable HTTP, URL above)");
    out.println("or try it with curl:");
    out.println(
        "  curl -si "
            + endpoint
            + " -H 'Content-Type: application/json' -H 'Accept: application/json,"
            + " text/event-stream' \\");
    out.println(
        "    -d '{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"initialize\",\"params\":"
            + "{\"protocolVersion\":\"2025-06-18\",\"capabilities\":{},"
            + "\"clientInfo\":{\"name\":\"curl\",\"version\":\"1\"}}}'");
    out.println();
    out.println("Press Ctrl+C to stop.");
    out.flush();
  }
}
