package dev.mcpfirewall.pipeline;

import dev.mcpfirewall.jsonrpc.JsonRpcMessage;
import io.vertx.core.Future;
import java.util.List;

/**
 * Runs the upstream-to-agent stages over one message, in reverse of their configured order (the
 * stage nearest the upstream sees the message first, as in Envoy's and Kong's filter chains).
 */
public final class ResponsePipeline {
  private final ResponseStage[] stages;

  /**
   * @param stages in the order they sit on the request path
   */
  public ResponsePipeline(List<ResponseStage> stages) {
    this.stages = stages.toArray(ResponseStage[]::new);
  }

  public boolean isEmpty() {
    return stages.length == 0;
  }

  public Future<JsonRpcMessage> run(Exchange exchange, JsonRpcMessage message) {
    Future<JsonRpcMessage> result = Future.succeededFuture(message);
    for (int i = stages.length - 1; i >= 0; i--) {
      ResponseStage stage = stages[i];
      result = result.compose(m -> stage.apply(exchange, m));
    }
    return result;
  }
}
