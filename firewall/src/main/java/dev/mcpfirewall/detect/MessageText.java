package dev.mcpfirewall.detect;

import dev.mcpfirewall.detect.text.JsonStrings;
import dev.mcpfirewall.detect.text.ScanText;
import dev.mcpfirewall.jsonrpc.JsonRpcMessage;
import dev.mcpfirewall.plugins.api.Direction;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.Set;

/**
 * Which text of an MCP message detectors read. Tool arguments and prompt arguments of requests;
 * results of responses (content text, {@code structuredContent}, resource text, prompt messages),
 * errors; the params of server requests and notifications (sampling messages and system prompts,
 * elicitation messages, progress and log messages); tool definitions in {@code tools/list} results,
 * which are read as {@link Direction#TOOL_DESCRIPTION}. Methods that carry no prose (lists,
 * initialisation handshakes, pings) are skipped; methods this version does not know are read whole,
 * so a new MCP revision cannot carry text past the detectors.
 */
public final class MessageText {
  /** Methods whose params carry no text worth scanning. */
  static final Set<String> NO_TEXT =
      Set.of(
          "initialize",
          "ping",
          "tools/list",
          "resources/list",
          "resources/templates/list",
          "prompts/list",
          "roots/list",
          "logging/setLevel",
          "resources/subscribe",
          "resources/unsubscribe",
          "notifications/initialized",
          "notifications/cancelled",
          "notifications/roots/list_changed",
          "notifications/tools/list_changed",
          "notifications/prompts/list_changed",
          "notifications/resources/list_changed",
          "notifications/resources/updated");

  private MessageText() {}

  /** The text of a message the agent sent (requests, notifications, answers to server requests). */
  public static ScanText inbound(JsonRpcMessage message) {
    ScanText.Builder text = ScanText.builder();
    if (message.isResponse()) {
      JsonStrings.walk(message.json().getValue("result"), "/result", text);
      return text.build();
    }
    String method = message.method();
    JsonObject params = message.params();
    if (params == null || NO_TEXT.contains(method)) {
      return text.build();
    }
    switch (method) {
      case "tools/call", "prompts/get" ->
          JsonStrings.walk(params.getValue("arguments"), "/params/arguments", text);
      default -> JsonStrings.walk(params, "/params", text);
    }
    return text.build();
  }

  /**
   * The text of a message the upstream sent.
   *
   * @param requestMethod the method of the agent's request this may answer, or null
   */
  public static ScanText outbound(JsonRpcMessage message, String requestMethod) {
    ScanText.Builder text = ScanText.builder();
    if (message.isResponse()) {
      Object result = message.json().getValue("result");
      if ("initialize".equals(requestMethod) && result instanceof JsonObject r) {
        // Only the server's instructions reach the model; capabilities and versions do not.
        JsonStrings.walk(r.getValue("instructions"), "/result/instructions", text);
      } else if ("tools/list".equals(requestMethod) && result instanceof JsonObject r) {
        Object tools = r.getValue("tools");
        if (tools instanceof JsonArray list) {
          for (int i = 0; i < list.size(); i++) {
            JsonStrings.walk(list.getValue(i), "/result/tools/" + i, text);
          }
        }
      } else {
        JsonStrings.walk(result, "/result", text);
      }
      JsonStrings.walk(message.json().getValue("error"), "/error", text);
      return text.build();
    }
    if (!NO_TEXT.contains(message.method())) {
      JsonStrings.walk(message.params(), "/params", text);
    }
    return text.build();
  }

  /** {@link Direction#TOOL_DESCRIPTION} for a {@code tools/list} result, else outbound. */
  public static Direction outboundDirection(JsonRpcMessage message, String requestMethod) {
    return message.isResponse() && "tools/list".equals(requestMethod)
        ? Direction.TOOL_DESCRIPTION
        : Direction.OUTBOUND;
  }

  /** The tool a {@code tools/call} request names, or empty. */
  public static String tool(JsonRpcMessage request) {
    if (request == null || !"tools/call".equals(request.method()) || request.params() == null) {
      return "";
    }
    Object name = request.params().getValue("name");
    return name instanceof String s ? s : "";
  }
}
