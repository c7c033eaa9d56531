package dev.mcpfirewall.integrity;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mcpfirewall.config.LimitsConfig;
import dev.mcpfirewall.config.ToolIntegrityConfig;
import dev.mcpfirewall.demo.StreamableHttpServer;
import dev.mcpfirewall.testpeers.FirewallUnderTest;
import dev.mcpfirewall.testpeers.RawAgent;
import io.modelcontextprotocol.client.McpSyncClient;
import io.modelcontextprotocol.server.McpServer;
import io.modelcontextprotocol.server.McpServerFeatures;
import io.modelcontextprotocol.spec.McpError;
import io.modelcontextprotocol.spec.McpSchema;
import io.vertx.core.json.JsonObject;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.Timeout;

/**
 * Calls held to the pinned contract through the wire, the MCP Java SDK at both ends: arguments
 * against the pinned input schema (one case per failure class, each refused with -32602 before the
 * upstream sees it), strict mode on a second upstream entry for the same server, and structured
 * results against the pinned output schema, blocked or monitored by policy.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@Timeout(120)
class ToolContractThroughTheWireTest {
  private final AtomicInteger ticketCalls = new AtomicInteger();
  private final AtomicReference<Object> stats = new AtomicReference<>(Map.of("count", 3));
  private StreamableHttpServer upstream;
  private FirewallUnderTest firewall;

  @BeforeAll
  void start() throws Exception {
    upstream =
        StreamableHttpServer.start(
            "127.0.0.1",
            0,
            transport ->
                McpServer.sync(transport)
                    .serverInfo("tickets", "1.0.0")
                    // This upstream checks nothing itself, so what is refused is the firewall's
                    // doing (the SDK would otherwise validate inputs and outputs too).
                    .validateToolInputs(false)
                    .jsonSchemaValidator(
                        (schema, content) ->
                            io.modelcontextprotocol.json.schema.JsonSchemaValidator
                                .ValidationResponse.asValid(null))
                    .capabilities(McpSchema.ServerCapabilities.builder().tools(true).build())
                    .tools(createTicket(), stats())
                    .build());
    ToolIntegrityConfig strict =
        new ToolIntegrityConfig(
            ToolIntegrityConfig.NewTools.TRUST_ON_FIRST_USE,
            ToolIntegrityConfig.ChangeScope.TOOL,
            ToolIntegrityConfig.OutputCheck.MONITOR,
            new ToolIntegrityConfig.StrictArguments(true, 1000, 5, 8));
    firewall =
        FirewallUnderTest.start(
            FirewallUnderTest.config(
                List.of(
                    FirewallUnderTest.http("tickets", upstream.endpoint()),
                    FirewallUnderTest.http("tickets-strict", upstream.endpoint())
                        .withIntegrity(strict)),
                LimitsConfig.defaults()));
  }

  @AfterAll
  void stop() throws Exception {
    firewall.close();
    upstream.close();
  }

  private McpServerFeatures.SyncToolSpecification createTicket() {
    Map<String, Object> properties = new HashMap<>();
    properties.put("title", Map.of("type", "string", "maxLength", 80));
    properties.put("email", Map.of("type", "string", "format", "email"));
    properties.put("priority", Map.of("type", "integer", "minimum", 1, "maximum", 5));
    properties.put("tags", Map.of("type", "array", "items", Map.of("type", "string")));
    properties.put("code", Map.of("type", "string", "pattern", "^(a+){2,40}$"));
    properties.put("details", Map.of("type", "object"));
    return McpServerFeatures.SyncToolSpecification.builder()
        .tool(
            McpSchema.Tool.builder()
                .name("create_ticket")
                .description("Opens a ticket.")
                .inputSchema(
                    Map.of(
                        "type",
                        "object",
                        "properties",
                        properties,
                        "required",
                        List.of("title", "email")))
                .build())
        .callHandler(
            (exchange, request) -> {
              ticketCalls.incrementAndGet();
              return McpSchema.CallToolResult.builder().addTextContent("opened").build();
            })
        .build();
  }

  private McpServerFeatures.SyncToolSpecification stats() {
    return McpServerFeatures.SyncToolSpecification.builder()
        .tool(
            McpSchema.Tool.builder()
                .name("stats")
                .description("Counts tickets.")
                .inputSchema(Map.of("type", "object"))
                .outputSchema(
                    Map.of(
                        "type", "object",
                        "properties", Map.of("count", Map.of("type", "integer")),
                        "required", List.of("count")))
                .annotations(new McpSchema.ToolAnnotations(null, true, false, true, false, false))
                .build())
        .callHandler(
            (exchange, request) ->
                McpSchema.CallToolResult.builder()
                    .addTextContent("stats")
                    .structuredContent(stats.get())
                    .build())
        .build();
  }

  private McpSyncClient agent(String upstreamName) {
    McpSyncClient client =
        dev.mcpfirewall.testpeers.SdkAgent.client(firewall, "/mcp/" + upstreamName, spec -> spec);
    client.initialize();
    return client;
  }

  private static Map<String, Object> valid() {
    Map<String, Object> arguments = new HashMap<>();
    arguments.put("title", "Printer on fire");
    arguments.put("email", "ops@example.com");
    arguments.put("priority", 2);
    return arguments;
  }

  private static Map<String, Object> with(String key, Object value) {
    Map<String, Object> arguments = valid();
    if (value == null) {
      arguments.remove(key);
    } else {
      arguments.put(key, value);
    }
    return arguments;
  }

  private static Object nested(int depth) {
    Object value = "leaf";
    for (int i = 0; i < depth; i++) {
      value = Map.of("next", value);
    }
    return value;
  }

  private record Case(String name, String upstream, Map<String, Object> arguments, String rule) {}

  @TestFactory
  Stream<DynamicTest> eachArgumentFailureClassIsRefusedBeforeTheUpstream() {
    return Stream.of(
            new Case("wrong type", "tickets", with("priority", "high"), "type"),
            new Case("missing required", "tickets", with("email", null), "required"),
            new Case("format", "tickets", with("email", "not an address"), "format"),
            new Case("schema maxLength", "tickets", with("title", "x".repeat(81)), "maxLength"),
            new Case(
                "catastrophic pattern",
                "tickets",
                with("code", "a".repeat(60) + "!"),
                "pattern_too_expensive"),
            new Case(
                "extra property in strict mode",
                "tickets-strict",
                with("assignee", "bob"),
                "additionalProperties|unevaluatedProperties"),
            new Case(
                "oversized string in strict mode",
                "tickets-strict",
                with("tags", List.of("t".repeat(1001))),
                "string_too_long"),
            new Case(
                "oversized array in strict mode",
                "tickets-strict",
                with("tags", List.of("a", "b", "c", "d", "e", "f")),
                "too_many_items"),
            new Case(
                "deep nesting in strict mode",
                "tickets-strict",
                with("details", nested(12)),
                "too_deep"))
        .map(
            c ->
                DynamicTest.dynamicTest(
                    c.name(),
                    () -> {
                      int before = ticketCalls.get();
                      try (McpSyncClient agent = agent(c.upstream())) {
                        assertThatThrownBy(
                                () ->
                                    agent.callTool(
                                        new McpSchema.CallToolRequest(
                                            "create_ticket", c.arguments())))
                            .isInstanceOfSatisfying(
                                McpError.class,
                                e -> {
                                  assertThat(e.getJsonRpcError().code()).isEqualTo(-32602);
                                  assertThat(e.getMessage()).contains("create_ticket");
                                  assertThat(String.valueOf(e.getJsonRpcError().data()))
                                      .containsAnyOf(c.rule().split("\\|"));
                                });
                      }
                      assertThat(ticketCalls.get()).isEqualTo(before);
                    }));
  }

  @Test
  void validArgumentsPassAndStrictModeAllowsDeclaredProperties() {
    int before = ticketCalls.get();
    for (String name : List.of("tickets", "tickets-strict")) {
      try (McpSyncClient agent = agent(name)) {
        assertThat(
                agent
                    .callTool(
                        new McpSchema.CallToolRequest(
                            "create_ticket", with("tags", List.of("urgent"))))
                    .isError())
            .isFalse();
      }
    }
    assertThat(ticketCalls.get()).isEqualTo(before + 2);
    // Outside strict mode, a property the schema does not declare is the upstream's business.
    try (McpSyncClient agent = agent("tickets")) {
      assertThat(
              agent
                  .callTool(new McpSchema.CallToolRequest("create_ticket", with("assignee", "bob")))
                  .isError())
          .isFalse();
    }
  }

  @Test
  void aResultThatBreaksTheOutputSchemaIsBlockedOrMonitoredByPolicy() throws Exception {
    stats.set(Map.of("count", "three"));
    try (RawAgent raw = new RawAgent(firewall.vertx(), firewall.port(), firewall.agentKey())) {
      String session = raw.initialize("/mcp/tickets");
      RawAgent.Reply blocked =
          raw.post(
              "/mcp/tickets",
              "{\"jsonrpc\":\"2.0\",\"id\":9,\"method\":\"tools/call\",\"params\":{\"name\":\"stats\",\"arguments\":{}}}",
              Map.of(
                  "Mcp-Session-Id", session,
                  "MCP-Protocol-Version", "2025-06-18",
                  "Accept", "application/json, text/event-stream"));
      JsonObject error = RawAgent.firstMessage(blocked).getJsonObject("error");
      assertThat(error.getInteger("code")).isEqualTo(-32010);
      assertThat(error.getJsonObject("data").getString("reason")).isEqualTo("invalid_tool_output");
      assertThat(error.getString("message")).contains("stats").contains("outputSchema");

      String strictSession = raw.initialize("/mcp/tickets-strict");
      RawAgent.Reply monitored =
          raw.post(
              "/mcp/tickets-strict",
              "{\"jsonrpc\":\"2.0\",\"id\":10,\"method\":\"tools/call\",\"params\":{\"name\":\"stats\",\"arguments\":{}}}",
              Map.of(
                  "Mcp-Session-Id", strictSession,
                  "MCP-Protocol-Version", "2025-06-18",
                  "Accept", "application/json, text/event-stream"));
      JsonObject result = RawAgent.firstMessage(monitored).getJsonObject("result");
      assertThat(result.getJsonObject("structuredContent").getString("count")).isEqualTo("three");
    } finally {
      stats.set(Map.of("count", 3));
    }
    assertThat(firewall.node().toolPins().pin("tickets", "stats").orElseThrow().callable())
        .isTrue();
  }
}
