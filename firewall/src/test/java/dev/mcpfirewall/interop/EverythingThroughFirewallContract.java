package dev.mcpfirewall.interop;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.mcpfirewall.config.UpstreamConfig;
import dev.mcpfirewall.testpeers.FirewallUnderTest;
import dev.mcpfirewall.testpeers.SdkAgent;
import io.modelcontextprotocol.client.McpSyncClient;
import io.modelcontextprotocol.spec.McpSchema;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.Timeout;

/**
 * The MCP Java SDK as agent, the official {@code server-everything} as upstream, the firewall
 * between them: everything the SDK can do works as if direct. One subclass per upstream transport
 * runs the same contract.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@Timeout(120)
abstract class EverythingThroughFirewallContract {
  private FirewallUnderTest firewall;

  /** Starts the upstream (if it runs on its own) and returns its firewall config entry. */
  abstract UpstreamConfig startUpstream() throws Exception;

  /** Stops what {@link #startUpstream()} started. */
  abstract void stopUpstream() throws Exception;

  @BeforeAll
  void start() throws Exception {
    firewall = FirewallUnderTest.start(List.of(startUpstream()));
  }

  @AfterAll
  void stop() throws Exception {
    if (firewall != null) {
      firewall.close();
    }
    stopUpstream();
  }

  @Test
  void initializeListAndCallTools() {
    try (McpSyncClient agent = SdkAgent.client(firewall, "/mcp/everything", s -> s)) {
      McpSchema.InitializeResult init = agent.initialize();
      assertThat(init.serverInfo().name()).contains("everything");
      assertThat(firewall.node().sessions().size()).isGreaterThanOrEqualTo(1);

      List<String> tools = agent.listTools().tools().stream().map(McpSchema.Tool::name).toList();
      assertThat(tools).contains("echo", "get-sum", "trigger-long-running-operation");

      McpSchema.CallToolResult echo =
          agent.callTool(
              new McpSchema.CallToolRequest("echo", Map.of("message", "through the firewall")));
      assertThat(((McpSchema.TextContent) echo.content().get(0)).text())
          .contains("through the firewall");

      McpSchema.CallToolResult sum =
          agent.callTool(new McpSchema.CallToolRequest("get-sum", Map.of("a", 2, "b", 40)));
      assertThat(((McpSchema.TextContent) sum.content().get(0)).text()).contains("42");
      assertThat(agent.ping()).isNotNull();
    }
  }

  @Test
  void progressNotificationsReachTheAgentDuringACall() {
    List<McpSchema.ProgressNotification> progress = new CopyOnWriteArrayList<>();
    try (McpSyncClient agent =
        SdkAgent.client(firewall, "/mcp/everything", s -> s.progressConsumer(progress::add))) {
      agent.initialize();
      McpSchema.CallToolResult result =
          agent.callTool(
              McpSchema.CallToolRequest.builder()
                  .name("trigger-long-running-operation")
                  .arguments(Map.of("duration", 1, "steps", 3))
                  .progressToken("p-1")
                  .build());
      assertThat(result.isError()).isNotEqualTo(Boolean.TRUE);
      // The SDK hands notifications to the consumer on its own thread: the last may trail the
      // result.
      await().atMost(Duration.ofSeconds(5)).until(() -> progress.size() >= 3);
      assertThat(progress).hasSize(3);
      assertThat(progress.get(2).progress()).isEqualTo(3.0);
    }
  }

  @Test
  void samplingAndElicitationRequestsFromTheServerReachTheRightAgent() {
    AtomicReference<McpSchema.CreateMessageRequest> sampled = new AtomicReference<>();
    AtomicReference<McpSchema.ElicitFormRequest> elicited = new AtomicReference<>();
    try (McpSyncClient agent =
        SdkAgent.client(
            firewall,
            "/mcp/everything",
            s ->
                s.capabilities(
                        McpSchema.ClientCapabilities.builder().sampling().elicitation().build())
                    .sampling(
                        request -> {
                          sampled.set(request);
                          return McpSchema.CreateMessageResult.builder()
                              .role(McpSchema.Role.ASSISTANT)
                              .content(new McpSchema.TextContent("sampled by the agent"))
                              .model("test-model")
                              .build();
                        })
                    .elicitation(
                        request -> {
                          elicited.set(request);
                          return new McpSchema.ElicitResult(
                              McpSchema.ElicitResult.Action.DECLINE, null);
                        }))) {
      agent.initialize();
      McpSchema.CallToolResult sampling =
          agent.callTool(
              new McpSchema.CallToolRequest(
                  "trigger-sampling-request", Map.of("prompt", "hello", "maxTokens", 10)));
      assertThat(sampled.get()).isNotNull();
      assertThat(sampling.content().toString()).contains("sampled by the agent");

      agent.callTool(new McpSchema.CallToolRequest("trigger-elicitation-request", Map.of()));
      assertThat(elicited.get()).isNotNull();
    }
  }

  @Test
  void resourcesAndPromptsPassThrough() {
    try (McpSyncClient agent = SdkAgent.client(firewall, "/mcp/everything", s -> s)) {
      agent.initialize();
      List<McpSchema.Resource> resources = agent.listResources().resources();
      assertThat(resources).isNotEmpty();
      McpSchema.ReadResourceResult read = agent.readResource(resources.get(0));
      assertThat(read.contents()).isNotEmpty();

      List<McpSchema.Prompt> prompts = agent.listPrompts().prompts();
      assertThat(prompts).isNotEmpty();
      McpSchema.Prompt simple =
          prompts.stream()
              .filter(p -> p.arguments() == null || p.arguments().isEmpty())
              .findFirst()
              .orElseThrow();
      assertThat(
              agent.getPrompt(new McpSchema.GetPromptRequest(simple.name(), Map.of())).messages())
          .isNotEmpty();
    }
  }

  @Test
  void closingTheClientEndsTheSessionAtTheFirewall() {
    // Other tests' clients end their sessions asynchronously: wait for a settled count first.
    await().atMost(Duration.ofSeconds(10)).until(() -> firewall.node().sessions().size() == 0);
    McpSyncClient agent = SdkAgent.client(firewall, "/mcp/everything", s -> s);
    agent.initialize();
    assertThat(firewall.node().sessions().size()).isEqualTo(1);
    agent.closeGracefully();
    await().atMost(Duration.ofSeconds(10)).until(() -> firewall.node().sessions().size() == 0);
  }
}
