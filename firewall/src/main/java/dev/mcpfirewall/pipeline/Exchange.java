package dev.mcpfirewall.pipeline;

import dev.mcpfirewall.jsonrpc.JsonRpcMessage;
import dev.mcpfirewall.session.AgentSession;
import io.vertx.core.MultiMap;

/**
 * One agent message on its way through the firewall and what the stages decided about it. Lives on
 * the event loop of the agent's request; not shared between threads.
 */
public final class Exchange {
  private final String upstream;
  private final JsonRpcMessage message;
  private final MultiMap headers;
  private final String remoteAddress;
  private final long startNanos;
  private final DecisionChain decisions = new DecisionChain();
  private AgentSession session;
  private dev.mcpfirewall.auth.Principal principal;

  public Exchange(
      String upstream,
      JsonRpcMessage message,
      MultiMap headers,
      String remoteAddress,
      long startNanos) {
    this.upstream = upstream;
    this.message = message;
    this.headers = headers;
    this.remoteAddress = remoteAddress;
    this.startNanos = startNanos;
  }

  /** The upstream's configured name, from the path {@code /mcp/{upstream}}. */
  public String upstream() {
    return upstream;
  }

  public JsonRpcMessage message() {
    return message;
  }

  /** The agent's HTTP request headers. */
  public MultiMap headers() {
    return headers;
  }

  public String remoteAddress() {
    return remoteAddress;
  }

  /** {@link System#nanoTime()} when the request arrived. */
  public long startNanos() {
    return startNanos;
  }

  public DecisionChain decisions() {
    return decisions;
  }

  /** The agent session, once resolved (or opened, for {@code initialize}); null before. */
  public AgentSession session() {
    return session;
  }

  public void session(AgentSession session) {
    this.session = session;
  }

  /** The verified caller, once the authentication stage ran; null before. */
  public dev.mcpfirewall.auth.Principal principal() {
    return principal;
  }

  public void principal(dev.mcpfirewall.auth.Principal principal) {
    this.principal = principal;
  }
}
