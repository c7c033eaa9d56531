package dev.mcpfirewall.upstream;

import dev.mcpfirewall.jsonrpc.JsonRpcMessage;

/** What an upstream answered to one agent message. */
public sealed interface UpstreamReply {

  /** The upstream took a notification or response (HTTP 202). */
  record Accepted() implements UpstreamReply {}

  /**
   * A single JSON message, with the HTTP status it came with (an upstream may answer a bad request
   * with a 4xx carrying a JSON-RPC error, which the agent should see as is).
   */
  record Single(int status, JsonRpcMessage message) implements UpstreamReply {}

  /**
   * A stream of messages ending with the response.
   *
   * @param collapsible true when the upstream has no HTTP framing of its own (stdio, legacy SSE):
   *     if the first message is the response, the agent gets plain JSON instead of an event stream
   */
  record Streamed(MessageStream stream, boolean collapsible) implements UpstreamReply {}
}
