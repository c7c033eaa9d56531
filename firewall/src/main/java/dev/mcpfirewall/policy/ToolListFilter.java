package dev.mcpfirewall.policy;

import dev.mcpfirewall.auth.Principal;
import dev.mcpfirewall.jsonrpc.JsonRpcMessage;
import dev.mcpfirewall.pipeline.Exchange;
import dev.mcpfirewall.pipeline.ResponseStage;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

/**
 * Shows each caller only the tools it may call: removes from the answer to its {@code tools/list}
 * request every tool {@link AccessPolicy#tool} refuses for the exchange's principal (all of them
 * when there is no principal), and entries without a name. Everything else in the result ({@code
 * nextCursor}, {@code _meta}, fields of newer MCP revisions, the kept tools themselves) passes
 * untouched; a listing from which nothing is removed is forwarded as the upstream's own bytes.
 *
 * <p><b>Order:</b> a tool is callable only once the catalog knows it, so {@link
 * ToolCatalogRecorder} must see the unfiltered listing first. The response pipeline runs its stages
 * in reverse of their list order: list this filter <em>before</em> the recorder, {@code new
 * ResponsePipeline(List.of(toolListFilter, toolCatalogRecorder))}.
 */
public final class ToolListFilter implements ResponseStage {
  private final AccessPolicy policy;

  public ToolListFilter(AccessPolicy policy) {
    this.policy = policy;
  }

  @Override
  public String name() {
    return "tools-list-filter";
  }

  @Override
  public Future<JsonRpcMessage> apply(Exchange exchange, JsonRpcMessage message) {
    JsonObject result = ToolsListResponse.resultOf(exchange, message);
    if (result == null) {
      return Future.succeededFuture(message);
    }
    Principal principal = exchange.principal();
    String upstream = exchange.upstream();
    JsonArray tools = result.getJsonArray("tools");
    JsonArray callable = new JsonArray();
    for (int i = 0; i < tools.size(); i++) {
      if (tools.getValue(i) instanceof JsonObject tool
          && tool.getValue("name") instanceof String name
          && principal != null
          && policy.tool(principal, upstream, name).allowed()) {
        callable.add(tool);
      }
    }
    if (callable.size() != tools.size()) {
      result.put("tools", callable);
      message.changed();
    }
    return Future.succeededFuture(message);
  }
}
