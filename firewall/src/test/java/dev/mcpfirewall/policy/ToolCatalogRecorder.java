package dev.mcpfirewall.policy;

import dev.mcpfirewall.jsonrpc.JsonRpcMessage;
import dev.mcpfirewall.pipeline.Exchange;
import dev.mcpfirewall.pipeline.ResponseStage;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;

/**
 * Test fixture (the firewall itself records listings in its tool pins). Teaches the {@link
 * LearnedToolCatalog} every tool an upstream lists: each page of each {@code tools/list} result,
 * before anything is removed from it. The message passes unchanged.
 *
 * <p><b>Order:</b> it must see a listing before {@link ToolListFilter} removes the tools the caller
 * may not call, or tools hidden from one caller would stay unknown for every other. The response
 * pipeline runs its stages in reverse of their list order, so list the filter <em>before</em> this
 * recorder: {@code new ResponsePipeline(List.of(toolListFilter, toolCatalogRecorder))}.
 */
public final class ToolCatalogRecorder implements ResponseStage {
  private final LearnedToolCatalog catalog;

  public ToolCatalogRecorder(LearnedToolCatalog catalog) {
    this.catalog = catalog;
  }

  @Override
  public String name() {
    return "tool-catalog";
  }

  @Override
  public Future<JsonRpcMessage> apply(Exchange exchange, JsonRpcMessage message) {
    JsonObject result = ToolsListResponse.resultOf(exchange, message);
    if (result != null) {
      catalog.learn(exchange.upstream(), result.getJsonArray("tools"));
    }
    return Future.succeededFuture(message);
  }
}
