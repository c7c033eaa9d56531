package dev.mcpfirewall.pipeline;

import dev.mcpfirewall.jsonrpc.JsonRpcMessage;
import io.vertx.core.AsyncResult;
import io.vertx.core.Future;
import java.util.List;

/**
 * Runs the upstream-to-agent stages over one message, in reverse of their configured order (the
 * stage nearest the upstream sees the message first, as in Envoy's and Kong's filter chains).
 */
public final class ResponsePipeline {
  private final ResponseStage[] stages;
  private final Observer observer;

  /**
   * Told about every upstream message once the stages ran, whatever they decided: the phase that
   * always runs (the audit record of what the agent got, or of what was blocked).
   */
  public interface Observer {
    /**
     * @param received the message as the upstream sent it (as the stages left it)
     * @param outcome what the agent gets, or the failure that stopped the message
     */
    void observed(Exchange exchange, JsonRpcMessage received, AsyncResult<JsonRpcMessage> outcome);
  }

  /**
   * @param stages in the order they sit on the request path
   */
  public ResponsePipeline(List<ResponseStage> stages) {
    this(stages, null);
  }

  /**
   * @param stages in the order they sit on the request path
   * @param observer told about every message after the stages, or null
   */
  public ResponsePipeline(List<ResponseStage> stages, Observer observer) {
    this.stages = stages.toArray(ResponseStage[]::new);
    this.observer = observer;
  }

  public boolean isEmpty() {
    return stages.length == 0 && observer == null;
  }

  public Future<JsonRpcMessage> run(Exchange exchange, JsonRpcMessage message) {
    Future<JsonRpcMessage> result = Future.succeededFuture(message);
    for (int i = stages.length - 1; i >= 0; i--) {
      ResponseStage stage = stages[i];
      result = result.compose(m -> stage.apply(exchange, m));
    }
    if (observer != null) {
      Future<JsonRpcMessage> outcome = result;
      if (outcome.isComplete()) {
        observer.observed(exchange, message, outcome);
      } else {
        outcome.onComplete(ar -> observer.observed(exchange, message, ar));
      }
    }
    return result;
  }
}
