package dev.mcpfirewall.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mcpfirewall.testpeers.SdkAgent;
import io.modelcontextprotocol.client.McpSyncClient;
import io.modelcontextprotocol.spec.McpSchema;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** The executable's command line: help, version, errors, and the demo run as a real process. */
@Timeout(120)
class CliTest {

  private record Run(int exit, String out, String err) {}

  private static String keyFrom(String line) {
    Matcher key = Pattern.compile("(mcpfw_\\S+)").matcher(line);
    assertThat(key.find()).as(line).isTrue();
    return key.group(1);
  }

  private static Run run(String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    CommandLine cli = FirewallCommand.commandLine();
    cli.setOut(new PrintWriter(out));
    cli.setErr(new PrintWriter(err));
    int exit = cli.execute(args);
    return new Run(exit, out.toString(), err.toString());
  }

  @Test
  void helpListsEverySubcommandAndEachHasItsOwnHelp() {
    Run help = run("--help");
    assertThat(help.exit()).isZero();
    assertThat(help.out()).contains("serve", "demo", "Usage: mcp-firewall");
    for (String command : new String[] {"serve", "demo"}) {
      Run sub = run(command, "--help");
      assertThat(sub.exit()).as(command).isZero();
      assertThat(sub.out()).contains("Usage: mcp-firewall " + command);
    }
    assertThat(run("serve", "--help").out()).contains("--config");
  }

  @Test
  void versionNamesTheProduct() {
    Run version = run("--version");
    assertThat(version.exit()).isZero();
    assertThat(version.out()).startsWith("mcp-firewall ");
  }

  @Test
  void unknownOptionsAreUsageErrors() {
    Run bad = run("serve", "--config", "x.yaml", "--no-such-option");
    assertThat(bad.exit()).isEqualTo(2);
    assertThat(bad.err()).contains("Unknown option: '--no-such-option'");
  }

  @Test
  void aBadConfigFileIsReportedWithItsPathAndNoStackTrace(@TempDir Path dir) throws Exception {
    Path config = dir.resolve("broken.yaml");
    Files.writeString(config, "listen: { host: 127.0.0.1, port: 99999 }\nupstreams: []\n");
    Run bad = run("serve", "--config", config.toString());
    assertThat(bad.exit()).isEqualTo(2);
    assertThat(bad.err()).contains(config.toString()).contains("/listen/port");
    assertThat(bad.err()).doesNotContain("Exception").doesNotContain("\tat ");
    Run missing = run("serve", "--config", dir.resolve("absent.yaml").toString());
    assertThat(missing.exit()).isEqualTo(2);
    assertThat(missing.err()).contains("absent.yaml");
  }

  @Test
  void aPortInUseFailsTheStartWithAClearMessage() throws Exception {
    try (java.net.ServerSocket taken =
            new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress());
        CliProcess demo =
            CliProcess.start(
                "demo",
                "--port",
                Integer.toString(taken.getLocalPort()),
                "--upstream-port",
                "0",
                "--admin-port",
                "0")) {
      assertThat(demo.exitCode(60_000)).isEqualTo(1);
      assertThat(demo.output())
          .contains("could not start on 127.0.0.1:" + taken.getLocalPort())
          .doesNotContain("\tat ");
    }
  }

  @Test
  void demoServesTheDemoUpstreamThroughTheFirewallAndStopsCleanly() throws Exception {
    try (CliProcess demo =
        CliProcess.start("demo", "--port", "0", "--upstream-port", "0", "--admin-port", "0")) {
      String line = demo.awaitLine(l -> l.contains("Agents connect to"), 60_000);
      Matcher url = Pattern.compile("(http://127\\.0\\.0\\.1:\\d+)(/mcp/demo)").matcher(line);
      assertThat(url.find()).as(line).isTrue();
      String operatorKey = keyFrom(demo.awaitLine(l -> l.contains("operator key"), 10_000));
      String readerKey = keyFrom(demo.awaitLine(l -> l.contains("reader key"), 10_000));
      try (McpSyncClient reader =
          SdkAgent.client(URI.create(url.group(1)), url.group(2), readerKey, s -> s)) {
        reader.initialize();
        // The reader sees only the read-only tools.
        assertThat(reader.listTools().tools())
            .extracting(McpSchema.Tool::name)
            .containsExactlyInAnyOrder("search_notes", "get_note");
      }
      try (McpSyncClient agent =
          SdkAgent.client(URI.create(url.group(1)), url.group(2), operatorKey, s -> s)) {
        assertThat(agent.initialize().serverInfo().name()).isEqualTo("team-notes");
        assertThat(agent.listTools().tools())
            .extracting(McpSchema.Tool::name)
            .contains("search_notes", "get_note", "delete_note");
        McpSchema.CallToolResult found =
            agent.callTool(
                McpSchema.CallToolRequest.builder()
                    .name("search_notes")
                    .arguments(Map.of("query", "handover"))
                    .build());
        assertThat(found.isError()).isNotEqualTo(Boolean.TRUE);
        // The demo's planted secret comes back redacted, its planted injection is blocked.
        McpSchema.CallToolResult credentials =
            agent.callTool(
                McpSchema.CallToolRequest.builder()
                    .name("get_note")
                    .arguments(Map.of("id", "n3"))
                    .build());
        assertThat(credentials.content().toString())
            .contains("Temporary staging access")
            .doesNotContain("AKIAQ3RZ7XW2N5VTB6LK")
            .doesNotContain("q8Vd2Lr7ZkP0xWm4Tn9Yb3Hc6Js1Fg5Ea8Ru2Qw7");
        assertThat(String.valueOf(credentials.structuredContent()))
            .doesNotContain("AKIAQ3RZ7XW2N5VTB6LK");
        assertThatThrownBy(
                () ->
                    agent.callTool(
                        McpSchema.CallToolRequest.builder()
                            .name("get_note")
                            .arguments(Map.of("id", "n4"))
                            .build()))
            .hasMessageContaining("content policy")
            .hasMessageContaining("prompt-injection");
        assertThat(agent.listResources().resources()).isNotEmpty();
        assertThat(agent.listPrompts().prompts()).isNotEmpty();
      }
      demo.terminate();
      assertThat(demo.exitCode(30_000)).isIn(0, 143);
    }
  }
}
