package dev.mcpfirewall.session;

import dev.mcpfirewall.pipeline.Exchange;
import dev.mcpfirewall.pipeline.FailureKind;
import dev.mcpfirewall.pipeline.FirewallFailure;
import dev.mcpfirewall.pipeline.Stage;
import dev.mcpfirewall.pipeline.StagePhase;
import io.vertx.core.Future;
import java.util.List;

/**
 * Resolves the agent session a message belongs to. {@code initialize} opens a new session later, at
 * forwarding; every other message must name a live session of the same upstream in {@code
 * Mcp-Session-Id} and, when it states one, a protocol revision the firewall understands.
 */
public final class SessionBinding implements Stage {
  public static final String SESSION_HEADER = "Mcp-Session-Id";
  public static final String PROTOCOL_HEADER = "MCP-Protocol-Version";

  private final SessionRegistry sessions;
  private final List<String> protocolVersions;

  public SessionBinding(SessionRegistry sessions, List<String> protocolVersions) {
    this.sessions = sessions;
    this.protocolVersions = protocolVersions;
  }

  @Override
  public StagePhase phase() {
    return StagePhase.TRANSPORT;
  }

  @Override
  public String name() {
    return "session";
  }

  @Override
  public Future<Void> apply(Exchange exchange) {
    if ("initialize".equals(exchange.message().method())) {
      return Future.succeededFuture();
    }
    exchange.session(resolve(exchange.headers().get(SESSION_HEADER), exchange.upstream()));
    checkProtocolVersion(exchange.headers().get(PROTOCOL_HEADER));
    return Future.succeededFuture();
  }

  /** The live session named by the header value, for GET and DELETE as well as POST. */
  public AgentSession resolve(String sessionId, String upstream) {
    if (sessionId == null || sessionId.isEmpty()) {
      throw new FirewallFailure(
          FailureKind.SESSION_REQUIRED,
          "missing Mcp-Session-Id header: send initialize first and echo the session id it returns");
    }
    return sessions.get(sessionId, upstream);
  }

  /** Refuses a stated protocol revision the firewall does not know. */
  public void checkProtocolVersion(String version) {
    if (version != null && !protocolVersions.contains(version)) {
      throw new FirewallFailure(
          FailureKind.UNSUPPORTED_PROTOCOL_VERSION,
          "unsupported MCP-Protocol-Version '" + version + "'; supported: " + protocolVersions);
    }
  }
}
