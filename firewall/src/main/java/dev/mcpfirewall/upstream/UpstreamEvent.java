package dev.mcpfirewall.upstream;

import dev.mcpfirewall.jsonrpc.JsonRpcMessage;

/**
 * One message from an upstream, with the SSE framing it came in (if any), which the firewall passes
 * on so that agents can resume streams the upstream can replay.
 *
 * @param eventId the SSE event id, or null
 * @param message the JSON-RPC message, or null for an event that carries none (a priming event that
 *     only sets an id for resumption)
 * @param retryMillis the SSE reconnection delay the upstream asked for, or null
 */
public record UpstreamEvent(String eventId, JsonRpcMessage message, Long retryMillis) {

  /** An event carrying just a message, as stdio and legacy SSE upstreams produce. */
  public static UpstreamEvent of(JsonRpcMessage message) {
    return new UpstreamEvent(null, message, null);
  }
}
