package dev.mcpfirewall.pipeline;

import dev.mcpfirewall.jsonrpc.JsonRpcMessage;
import io.vertx.core.Future;

/**
 * One step of the upstream-to-agent path, applied to every message the upstream sends (responses,
 * notifications, server requests, streamed events one by one). It returns the message to pass on
 * (possibly edited, e.g. redacted) or fails with a {@link FirewallFailure} to stop it.
 */
public interface ResponseStage {

  String name();

  Future<JsonRpcMessage> apply(Exchange exchange, JsonRpcMessage message);
}
