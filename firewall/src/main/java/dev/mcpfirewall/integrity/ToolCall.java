package dev.mcpfirewall.integrity;

import dev.mcpfirewall.jsonrpc.JsonRpcMessage;
import io.vertx.core.json.JsonObject;

/** Recognises a {@code tools/call} request and the tool it names. */
final class ToolCall {
  static final String METHOD = "tools/call";

  private ToolCall() {}

  /** The tool a {@code tools/call} request names; null for any other message. */
  static String toolOf(JsonRpcMessage message) {
    if (message == null || !message.isRequest() || !METHOD.equals(message.method())) {
      return null;
    }
    JsonObject params = message.params();
    return params != null && params.getValue("name") instanceof String name ? name : null;
  }
}
