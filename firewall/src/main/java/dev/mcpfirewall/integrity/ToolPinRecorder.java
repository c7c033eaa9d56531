package dev.mcpfirewall.integrity;

import dev.mcpfirewall.jsonrpc.JsonRpcMessage;
import dev.mcpfirewall.pipeline.Exchange;
import dev.mcpfirewall.pipeline.ResponseStage;
import dev.mcpfirewall.policy.ToolsListResponse;
import dev.mcpfirewall.session.AgentSession;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

/**
 * Checks every {@code tools/list} result against the {@link ToolPins} and shows the agent only
 * tools whose current definition is approved: a tool waiting for approval or rejected is removed
 * from the listing, so a changed (possibly poisoned) description never reaches the agent's model.
 * It also notes {@code notifications/tools/list_changed} on the session, so that the next call
 * re-lists the upstream's tools first and a rug pull is caught even when the agent does not list.
 *
 * <p><b>Order:</b> it must see a listing before {@code ToolListFilter} trims it per caller. The
 * response pipeline runs its stages in reverse of their list order: list the filter <em>before</em>
 * this recorder.
 */
public final class ToolPinRecorder implements ResponseStage {
  static final String LIST_CHANGED = "notifications/tools/list_changed";

  private final ToolPins pins;

  public ToolPinRecorder(ToolPins pins) {
    this.pins = pins;
  }

  @Override
  public String name() {
    return "tool-pins";
  }

  @Override
  public Future<JsonRpcMessage> apply(Exchange exchange, JsonRpcMessage message) {
    if (message.isNotification() && LIST_CHANGED.equals(message.method())) {
      AgentSession session = exchange.session();
      if (session != null) {
        session.markToolsChanged();
      }
      return Future.succeededFuture(message);
    }
    JsonObject result = ToolsListResponse.resultOf(exchange, message);
    if (result == null) {
      return Future.succeededFuture(message);
    }
    String upstream = exchange.upstream();
    JsonArray tools = result.getJsonArray("tools");
    return pins.observe(upstream, tools)
        .map(
            v -> {
              JsonArray approved = new JsonArray();
              java.util.Set<String> byAdmin = new java.util.HashSet<>();
              for (int i = 0; i < tools.size(); i++) {
                if (tools.getValue(i) instanceof JsonObject tool
                    && tool.getValue("name") instanceof String name) {
                  ToolPin pin = pins.pin(upstream, name).orElse(null);
                  if (pin != null && pin.callable()) {
                    approved.add(tool);
                    if (!ToolPin.TRUST_ON_FIRST_USE.equals(pin.approvedBy())) {
                      byAdmin.add(name);
                    }
                  }
                }
              }
              if (!byAdmin.isEmpty()) {
                exchange.attach(AdminApprovedTools.class, new AdminApprovedTools(byAdmin));
              }
              if (approved.size() != tools.size()) {
                result.put("tools", approved);
                message.changed();
              }
              return message;
            });
  }
}
