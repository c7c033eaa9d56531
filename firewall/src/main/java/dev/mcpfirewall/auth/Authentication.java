package dev.mcpfirewall.auth;

import dev.mcpfirewall.pipeline.Exchange;
import dev.mcpfirewall.pipeline.FailureKind;
import dev.mcpfirewall.pipeline.FirewallFailure;
import dev.mcpfirewall.pipeline.Stage;
import dev.mcpfirewall.pipeline.StagePhase;
import dev.mcpfirewall.session.AgentSession;
import io.vertx.core.Future;

/**
 * Every MCP message carries a credential, verified by {@link Credentials} at the door before the
 * firewall looks at anything else; this stage records that decision in the exchange's chain and
 * enforces that a session is only a handle: it is bound to the principal that opened it, so another
 * principal presenting its id is refused as if the session did not exist.
 */
public final class Authentication implements Stage {

  @Override
  public StagePhase phase() {
    return StagePhase.AUTHENTICATION;
  }

  @Override
  public String name() {
    return "authentication";
  }

  @Override
  public Future<Void> apply(Exchange exchange) {
    Principal principal = exchange.principal();
    if (principal == null) {
      return Future.failedFuture(
          new FirewallFailure(FailureKind.UNAUTHENTICATED, "authentication required"));
    }
    AgentSession session = exchange.session();
    if (session != null && !session.owner().equals(principal.id())) {
      return Future.failedFuture(
          new FirewallFailure(
              FailureKind.SESSION_NOT_FOUND,
              "session not found: it expired or was ended; send initialize to open a new one"));
    }
    return Future.succeededFuture();
  }
}
