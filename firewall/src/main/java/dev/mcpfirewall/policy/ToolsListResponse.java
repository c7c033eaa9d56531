package dev.mcpfirewall.policy;

import dev.mcpfirewall.jsonrpc.JsonRpcMessage;
import dev.mcpfirewall.pipeline.Exchange;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

/** Recognises the upstream's answer to the agent's {@code tools/list} request. */
public final class ToolsListResponse {
  public static final String METHOD = "tools/list";

  private ToolsListResponse() {}

  /**
   * The {@code result} of {@code message} when it answers the exchange's {@code tools/list} request
   * and carries a {@code tools} array; null for any other message (other responses, errors,
   * notifications, server requests, messages on a stream opened without a request).
   */
  public static JsonObject resultOf(Exchange exchange, JsonRpcMessage message) {
    JsonRpcMessage request = exchange.message();
    if (request == null
        || !request.isRequest()
        || !METHOD.equals(request.method())
        || !message.isResponse()
        || !request.idKey().equals(message.idKey())) {
      return null;
    }
    if (message.json().getValue("result") instanceof JsonObject result
        && result.getValue("tools") instanceof JsonArray) {
      return result;
    }
    return null;
  }
}
