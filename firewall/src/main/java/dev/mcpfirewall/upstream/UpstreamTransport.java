package dev.mcpfirewall.upstream;

import io.vertx.core.Future;

/** Opens upstream sessions to one configured upstream, over its transport. */
public interface UpstreamTransport {

  /** The upstream's configured name. */
  String name();

  /** Opens a new upstream session for a new agent session. */
  Future<UpstreamConnection> connect();

  /** Stops everything this transport started (processes, connections). */
  Future<Void> shutdown();
}
