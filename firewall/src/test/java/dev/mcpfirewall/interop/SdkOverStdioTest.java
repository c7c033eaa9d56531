package dev.mcpfirewall.interop;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mcpfirewall.testpeers.FirewallUnderTest;
import dev.mcpfirewall.testpeers.SdkAgent;
import dev.mcpfirewall.testpeers.SdkStdioUpstream;
import io.modelcontextprotocol.client.McpSyncClient;
import io.modelcontextprotocol.spec.McpSchema;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.Timeout;

/** The MCP Java SDK at both ends: agent over Streamable HTTP, upstream over stdio. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@Timeout(120)
class SdkOverStdioTest {
  private FirewallUnderTest firewall;

  @BeforeAll
  void start() throws Exception {
    firewall =
        FirewallUnderTest.start(
            List.of(FirewallUnderTest.stdio("notes", SdkStdioUpstream.command())));
  }

  @AfterAll
  void stop() throws Exception {
    firewall.close();
  }

  @Test
  void toolsResourcesAndPromptsWorkThroughTheFirewall() {
    try (McpSyncClient agent = SdkAgent.client(firewall, "/mcp/notes", s -> s)) {
      assertThat(agent.initialize().serverInfo().name()).isEqualTo("team-notes");

      List<McpSchema.Tool> tools = agent.listTools().tools();
      assertThat(tools)
          .extracting(McpSchema.Tool::name)
          .containsExactlyInAnyOrder("search_notes", "get_note", "delete_note");
      McpSchema.Tool delete =
          tools.stream().filter(t -> t.name().equals("delete_note")).findFirst().orElseThrow();
      assertThat(delete.annotations().destructiveHint()).isTrue();

      McpSchema.CallToolResult found =
          agent.callTool(
              McpSchema.CallToolRequest.builder()
                  .name("search_notes")
                  .arguments(Map.of("query", "handover"))
                  .build());
      assertThat(found.isError()).isNotEqualTo(Boolean.TRUE);
      assertThat(found.structuredContent()).isNotNull();

      assertThat(agent.listResources().resources())
          .extracting(McpSchema.Resource::uri)
          .contains("notes://index");
      assertThat(agent.listPrompts().prompts())
          .extracting(McpSchema.Prompt::name)
          .contains("summarize_notes");
    }
  }

  @Test
  void eachAgentSessionGetsItsOwnProcess() {
    try (McpSyncClient first = SdkAgent.client(firewall, "/mcp/notes", s -> s);
        McpSyncClient second = SdkAgent.client(firewall, "/mcp/notes", s -> s)) {
      first.initialize();
      second.initialize();
      String id = noteIds(first).get(0);
      McpSchema.CallToolResult deleted =
          first.callTool(
              McpSchema.CallToolRequest.builder()
                  .name("delete_note")
                  .arguments(Map.of("id", id))
                  .build());
      assertThat(deleted.isError()).isNotEqualTo(Boolean.TRUE);
      // The delete happened in the first session's process only.
      assertThat(noteIds(second)).contains(id);
      assertThat(noteIds(first)).doesNotContain(id);
    }
  }

  @SuppressWarnings("unchecked")
  private static List<String> noteIds(McpSyncClient agent) {
    // "handover" leaves out the demo's planted injection (note n4), which the content policy
    // blocks.
    McpSchema.CallToolResult found =
        agent.callTool(
            McpSchema.CallToolRequest.builder()
                .name("search_notes")
                .arguments(Map.of("query", "handover"))
                .build());
    Map<String, Object> structured = (Map<String, Object>) found.structuredContent();
    List<Map<String, Object>> notes = (List<Map<String, Object>>) structured.get("notes");
    return notes.stream().map(n -> (String) n.get("id")).toList();
  }
}
