package dev.mcpfirewall.detect;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mcpfirewall.jsonrpc.JsonRpcMessage;
import dev.mcpfirewall.plugins.api.Direction;
import io.vertx.core.json.JsonObject;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/** Which strings of which MCP messages detectors read, one case per message shape. */
class MessageTextTest {

  private record Case(
      String name, String json, String requestMethod, boolean inbound, String... pointers) {}

  @TestFactory
  Stream<DynamicTest> extraction() {
    return Stream.of(
            new Case(
                "tools/call arguments, not the tool name",
                "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"tools/call\",\"params\":{\"name\":\"t\",\"arguments\":{\"q\":\"a\",\"n\":{\"deep\":[\"b\"]}}}}",
                null,
                true,
                "/params/arguments/q",
                "/params/arguments/n/deep/0"),
            new Case(
                "prompts/get arguments",
                "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"prompts/get\",\"params\":{\"name\":\"p\",\"arguments\":{\"topic\":\"x\"}}}",
                null,
                true,
                "/params/arguments/topic"),
            new Case(
                "initialize and list requests carry no prose",
                "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"initialize\",\"params\":{\"clientInfo\":{\"name\":\"n\"}}}",
                null,
                true),
            new Case(
                "an agent's sampling answer",
                "{\"jsonrpc\":\"2.0\",\"id\":\"s1\",\"result\":{\"role\":\"assistant\",\"content\":{\"type\":\"text\",\"text\":\"answer\"},\"model\":\"m\"}}",
                null,
                true,
                "/result/role",
                "/result/content/text",
                "/result/model"),
            new Case(
                "a tool result: content text, resource text, structured content; not image data",
                "{\"jsonrpc\":\"2.0\",\"id\":1,\"result\":{\"content\":[{\"type\":\"text\",\"text\":\"t\"},{\"type\":\"image\",\"data\":\"aGk=\",\"mimeType\":\"image/png\"},{\"type\":\"resource\",\"resource\":{\"uri\":\"file:///a\",\"text\":\"r\"}}],\"structuredContent\":{\"k\":\"v\"}}}",
                "tools/call",
                false,
                "/result/content/0/text",
                "/result/content/2/resource/uri",
                "/result/content/2/resource/text",
                "/result/structuredContent/k"),
            new Case(
                "a prompts/get result's messages",
                "{\"jsonrpc\":\"2.0\",\"id\":1,\"result\":{\"description\":\"d\",\"messages\":[{\"role\":\"user\",\"content\":{\"type\":\"text\",\"text\":\"m\"}}]}}",
                "prompts/get",
                false,
                "/result/description",
                "/result/messages/0/role",
                "/result/messages/0/content/text"),
            new Case(
                "a sampling request from the server",
                "{\"jsonrpc\":\"2.0\",\"id\":9,\"method\":\"sampling/createMessage\",\"params\":{\"messages\":[{\"role\":\"user\",\"content\":{\"type\":\"text\",\"text\":\"q\"}}],\"systemPrompt\":\"sp\",\"maxTokens\":5}}",
                null,
                false,
                "/params/messages/0/role",
                "/params/messages/0/content/text",
                "/params/systemPrompt"),
            new Case(
                "an elicitation request",
                "{\"jsonrpc\":\"2.0\",\"id\":9,\"method\":\"elicitation/create\",\"params\":{\"message\":\"tell me\",\"requestedSchema\":{\"type\":\"object\",\"properties\":{\"a\":{\"type\":\"string\",\"description\":\"your a\"}}}}}",
                null,
                false,
                "/params/message",
                "/params/requestedSchema/properties/a/description"),
            new Case(
                "only the instructions of an initialize result",
                "{\"jsonrpc\":\"2.0\",\"id\":1,\"result\":{\"protocolVersion\":\"2025-06-18\",\"serverInfo\":{\"name\":\"s\"},\"instructions\":\"i\"}}",
                "initialize",
                false,
                "/result/instructions"),
            new Case(
                "tool definitions in a tools/list result",
                "{\"jsonrpc\":\"2.0\",\"id\":1,\"result\":{\"tools\":[{\"name\":\"t\",\"description\":\"d\",\"inputSchema\":{\"type\":\"object\",\"properties\":{\"x\":{\"type\":\"string\",\"description\":\"xd\"}}}}]}}",
                "tools/list",
                false,
                "/result/tools/0/name",
                "/result/tools/0/description",
                "/result/tools/0/inputSchema/properties/x/description"))
        .map(
            c ->
                DynamicTest.dynamicTest(
                    c.name(),
                    () -> {
                      JsonRpcMessage message = JsonRpcMessage.of(new JsonObject(c.json()), null);
                      var text =
                          c.inbound()
                              ? MessageText.inbound(message)
                              : MessageText.outbound(message, c.requestMethod());
                      assertThat(text.originals().keySet()).containsExactly(c.pointers());
                    }));
  }

  @TestFactory
  Stream<DynamicTest> directions() {
    JsonRpcMessage response =
        JsonRpcMessage.of(new JsonObject("{\"jsonrpc\":\"2.0\",\"id\":1,\"result\":{}}"), null);
    return Stream.of(
        DynamicTest.dynamicTest(
            "tools/list results are tool descriptions",
            () ->
                assertThat(MessageText.outboundDirection(response, "tools/list"))
                    .isEqualTo(Direction.TOOL_DESCRIPTION)),
        DynamicTest.dynamicTest(
            "other results are outbound",
            () ->
                assertThat(MessageText.outboundDirection(response, "tools/call"))
                    .isEqualTo(Direction.OUTBOUND)));
  }
}
