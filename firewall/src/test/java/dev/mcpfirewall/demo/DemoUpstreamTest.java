package dev.mcpfirewall.demo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.modelcontextprotocol.client.McpClient;
import io.modelcontextprotocol.client.McpSyncClient;
import io.modelcontextprotocol.client.transport.HttpClientStreamableHttpTransport;
import io.modelcontextprotocol.spec.McpError;
import io.modelcontextprotocol.spec.McpSchema.CallToolRequest;
import io.modelcontextprotocol.spec.McpSchema.CallToolResult;
import io.modelcontextprotocol.spec.McpSchema.CompleteRequest;
import io.modelcontextprotocol.spec.McpSchema.GetPromptRequest;
import io.modelcontextprotocol.spec.McpSchema.GetPromptResult;
import io.modelcontextprotocol.spec.McpSchema.Implementation;
import io.modelcontextprotocol.spec.McpSchema.PromptReference;
import io.modelcontextprotocol.spec.McpSchema.ReadResourceRequest;
import io.modelcontextprotocol.spec.McpSchema.ReadResourceResult;
import io.modelcontextprotocol.spec.McpSchema.TextContent;
import io.modelcontextprotocol.spec.McpSchema.TextResourceContents;
import io.modelcontextprotocol.spec.McpSchema.Tool;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The demo upstream, driven by the official MCP Java SDK client over Streamable HTTP. */
class DemoUpstreamTest {

  private DemoUpstream upstream;
  private McpSyncClient client;

  @BeforeEach
  void start() {
    upstream = DemoUpstream.start("127.0.0.1", 0);
    URI endpoint = upstream.endpoint();
    HttpClientStreamableHttpTransport transport =
        HttpClientStreamableHttpTransport.builder(
                "http://" + endpoint.getHost() + ":" + endpoint.getPort())
            .endpoint(endpoint.getPath())
            .build();
    client =
        McpClient.sync(transport)
            .clientInfo(new Implementation("demo-upstream-test", "1.0.0"))
            .requestTimeout(Duration.ofSeconds(10))
            .build();
    client.initialize();
  }

  @AfterEach
  void stop() {
    if (client != null) {
      client.closeGracefully();
    }
    if (upstream != null) {
      upstream.close();
    }
  }

  @Test
  void endpointIsTheBoundLoopbackPort() {
    assertThat(upstream.port()).isPositive();
    assertThat(upstream.endpoint())
        .isEqualTo(URI.create("http://127.0.0.1:" + upstream.port() + "/mcp"));
    assertThat(client.getServerInfo().name()).isEqualTo(DemoUpstream.SERVER_NAME);
  }

  @Test
  void toolsCarryTheirSafetyAnnotationsAndSchemas() {
    Map<String, Tool> tools =
        client.listTools().tools().stream()
            .collect(Collectors.toMap(Tool::name, Function.identity()));

    assertThat(tools).containsOnlyKeys("search_notes", "get_note", "delete_note");

    Tool search = tools.get("search_notes");
    assertThat(search.annotations().readOnlyHint()).isTrue();
    assertThat(search.inputSchema()).containsEntry("type", "object");
    assertThat(search.inputSchema()).containsEntry("required", List.of("query"));
    assertThat(search.outputSchema()).containsKey("properties");

    assertThat(tools.get("get_note").annotations().readOnlyHint()).isTrue();

    Tool delete = tools.get("delete_note");
    assertThat(delete.annotations().readOnlyHint()).isFalse();
    assertThat(delete.annotations().destructiveHint()).isTrue();
    assertThat(delete.inputSchema()).containsEntry("required", List.of("id"));
  }

  @Test
  void searchReturnsStructuredContentMatchingTheQuery() {
    CallToolResult result =
        client.callTool(new CallToolRequest("search_notes", Map.of("query", "RELEASE")));

    assertThat(result.isError()).isNotEqualTo(Boolean.TRUE);
    assertThat(result.structuredContent()).isInstanceOf(Map.class);
    Map<?, ?> structured = (Map<?, ?>) result.structuredContent();
    assertThat(structured.get("total")).isEqualTo(1);
    assertThat((List<?>) structured.get("notes"))
        .singleElement()
        .satisfies(note -> assertThat(((Map<?, ?>) note).get("id")).isEqualTo("n1"));
    assertThat(text(result)).contains("Release checklist");
  }

  @Test
  void deleteReallyDeletesTheNote() {
    CallToolResult deleted =
        client.callTool(new CallToolRequest("delete_note", Map.of("id", "n2")));

    assertThat(deleted.isError()).isNotEqualTo(Boolean.TRUE);
    assertThat(text(deleted)).contains("Deleted note n2");
    assertThat(upstream.notes().get("n2")).isEmpty();

    CallToolResult readAfter = client.callTool(new CallToolRequest("get_note", Map.of("id", "n2")));
    assertThat(readAfter.isError()).isTrue();

    CallToolResult deletedAgain =
        client.callTool(new CallToolRequest("delete_note", Map.of("id", "n2")));
    assertThat(deletedAgain.isError()).isTrue();
  }

  @Test
  void getNoteReturnsTheNoteText() {
    CallToolResult result = client.callTool(new CallToolRequest("get_note", Map.of("id", "n5")));

    assertThat(result.isError()).isNotEqualTo(Boolean.TRUE);
    assertThat(text(result)).contains("Coding style").contains("google-java-format");
  }

  @Test
  void indexResourceListsTheNotes() {
    assertThat(client.listResources().resources())
        .extracting(resource -> resource.uri())
        .containsExactly("notes://index");

    ReadResourceResult index = client.readResource(new ReadResourceRequest("notes://index"));

    assertThat(index.contents())
        .singleElement()
        .isInstanceOfSatisfying(
            TextResourceContents.class,
            contents -> assertThat(contents.text()).contains("n1: Release checklist"));
  }

  @Test
  void noteTemplateResolvesOneNote() {
    assertThat(client.listResourceTemplates().resourceTemplates())
        .extracting(template -> template.uriTemplate())
        .containsExactly("notes://{id}");

    ReadResourceResult note = client.readResource(new ReadResourceRequest("notes://n3"));

    assertThat(note.contents())
        .singleElement()
        .isInstanceOfSatisfying(
            TextResourceContents.class,
            contents -> assertThat(contents.text()).contains("Staging credentials"));
    assertThatThrownBy(() -> client.readResource(new ReadResourceRequest("notes://missing")))
        .isInstanceOf(McpError.class);
  }

  @Test
  void summarizePromptEmbedsTheMatchingNotes() {
    assertThat(client.listPrompts().prompts())
        .singleElement()
        .satisfies(
            prompt -> {
              assertThat(prompt.name()).isEqualTo("summarize_notes");
              assertThat(prompt.arguments()).extracting(a -> a.name()).containsExactly("topic");
            });

    GetPromptResult prompt =
        client.getPrompt(new GetPromptRequest("summarize_notes", Map.of("topic", "process")));

    assertThat(prompt.messages())
        .singleElement()
        .satisfies(
            message ->
                assertThat(((TextContent) message.content()).text())
                    .contains("Release checklist")
                    .contains("On-call handover")
                    .doesNotContain("Coding style"));
  }

  @Test
  void topicCompletesFromTags() {
    var completion =
        client.completeCompletion(
            new CompleteRequest(
                new PromptReference("summarize_notes"),
                new CompleteRequest.CompleteArgument("topic", "pro")));

    assertThat(completion.completion().values()).containsExactly("process");
  }

  @Test
  void rejectsAForeignHostHeader() throws Exception {
    // DNS-rebinding protection: a request naming another host must not reach the server.
    HttpRequest request =
        HttpRequest.newBuilder(upstream.endpoint())
            .header("Content-Type", "application/json")
            .header("Accept", "application/json, text/event-stream")
            .header("Origin", "http://evil.example.com")
            .POST(
                HttpRequest.BodyPublishers.ofString(
                    "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"initialize\",\"params\":"
                        + "{\"protocolVersion\":\"2025-11-25\",\"capabilities\":{},"
                        + "\"clientInfo\":{\"name\":\"x\",\"version\":\"1\"}}}"))
            .build();

    HttpResponse<String> response =
        HttpClient.newHttpClient().send(request, HttpResponse.BodyHandlers.ofString());

    assertThat(response.statusCode()).isBetween(400, 499);
  }

  private static String text(CallToolResult result) {
    return result.content().stream()
        .filter(TextContent.class::isInstance)
        .map(content -> ((TextContent) content).text())
        .collect(Collectors.joining("\n"));
  }
}
