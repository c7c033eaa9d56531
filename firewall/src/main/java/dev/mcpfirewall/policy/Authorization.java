package dev.mcpfirewall.policy;

import dev.mcpfirewall.auth.Principal;
import dev.mcpfirewall.jsonrpc.JsonRpcMessage;
import dev.mcpfirewall.pipeline.Exchange;
import dev.mcpfirewall.pipeline.FailureKind;
import dev.mcpfirewall.pipeline.FirewallFailure;
import dev.mcpfirewall.pipeline.Stage;
import dev.mcpfirewall.pipeline.StagePhase;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;

/**
 * The authorization stage: every message an agent sends needs its principal to reach the upstream,
 * and every {@code tools/call} needs the tool granted (see {@link AccessPolicy} for the rules).
 *
 * <ul>
 *   <li>no principal (authentication did not run or did not succeed): {@link FailureKind#FORBIDDEN}
 *       (fail closed);
 *   <li>upstream refused: {@link FailureKind#UPSTREAM_FORBIDDEN} (HTTP 403);
 *   <li>tool refused: {@link FailureKind#TOOL_FORBIDDEN}, a JSON-RPC error in an HTTP 200 the agent
 *       can show, whose message names the tool and ends with the reason code, e.g. {@code tool
 *       'delete_note' is destructive and role(s) [reader] grant read-only tools only
 *       (destructive_not_granted)}.
 * </ul>
 *
 * A tool the upstream never listed is refused ({@code unknown_tool}): authorization cannot classify
 * it, and an unclassified tool is never assumed safe.
 */
public final class Authorization implements Stage {
  static final String TOOLS_CALL = "tools/call";

  private final AccessPolicy policy;

  public Authorization(AccessPolicy policy) {
    this.policy = policy;
  }

  @Override
  public StagePhase phase() {
    return StagePhase.AUTHORIZATION;
  }

  @Override
  public String name() {
    return "authorization";
  }

  @Override
  public Future<Void> apply(Exchange exchange) {
    Principal principal = exchange.principal();
    if (principal == null) {
      return Future.failedFuture(
          new FirewallFailure(FailureKind.FORBIDDEN, "no verified identity for this request"));
    }
    String upstream = exchange.upstream();
    AccessDecision reach = policy.upstream(principal, upstream);
    if (!reach.allowed()) {
      return Future.failedFuture(
          new FirewallFailure(FailureKind.UPSTREAM_FORBIDDEN, reach.message(), upstream)
              .withDetail(reach.reason().code()));
    }
    JsonRpcMessage message = exchange.message();
    if (message == null || !message.isRequest() || !TOOLS_CALL.equals(message.method())) {
      return Future.succeededFuture();
    }
    JsonObject params = message.params();
    if (params == null || !(params.getValue("name") instanceof String tool)) {
      return Future.failedFuture(
          new FirewallFailure(
              FailureKind.INVALID_REQUEST, "tools/call needs params.name, a string", upstream));
    }
    AccessDecision call = policy.tool(principal, upstream, tool);
    if (!call.allowed()) {
      return Future.failedFuture(
          new FirewallFailure(FailureKind.TOOL_FORBIDDEN, call.message(), upstream)
              .withDetail(call.reason().code()));
    }
    return Future.succeededFuture();
  }
}
