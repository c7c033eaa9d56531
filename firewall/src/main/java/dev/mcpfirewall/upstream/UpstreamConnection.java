package dev.mcpfirewall.upstream;

import dev.mcpfirewall.jsonrpc.JsonRpcMessage;
import io.vertx.core.Future;

/**
 * The firewall's side of one upstream session, opened for one agent session. Message ids pass
 * through unchanged: each agent session has its own upstream session, so ids cannot collide.
 */
public interface UpstreamConnection {

  /**
   * Sends one agent message. A request yields the upstream's answer ({@link UpstreamReply.Single}
   * or {@link UpstreamReply.Streamed}); a notification or response yields {@link
   * UpstreamReply.Accepted}. Fails with a {@code FirewallFailure} naming the upstream when it is
   * unreachable, too slow or answers outside the protocol.
   */
  Future<UpstreamReply> send(JsonRpcMessage message);

  /**
   * Opens the stream of messages the upstream sends outside any request (the agent's GET stream).
   *
   * @param lastEventId the id of the last event the agent saw, to resume from, or null
   */
  Future<MessageStream> listen(String lastEventId);

  /** Ends the upstream session and releases what it holds (connections, a process). */
  Future<Void> close();
}
