package dev.mcpfirewall.integrity;

import dev.mcpfirewall.jsonrpc.JsonRpcMessage;
import dev.mcpfirewall.pipeline.Exchange;
import dev.mcpfirewall.pipeline.Stage;
import dev.mcpfirewall.pipeline.StagePhase;
import dev.mcpfirewall.policy.Authorization;
import dev.mcpfirewall.session.AgentSession;
import dev.mcpfirewall.upstream.MessageStream;
import dev.mcpfirewall.upstream.UpstreamReply;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Lists the tools of an upstream before a call when the firewall's pins may be out of date: before
 * the first call to a tool the firewall has not seen listed (agents often call without listing
 * first, or after a restart of the firewall), and before the first call after the upstream
 * announced {@code notifications/tools/list_changed} on the session (so a changed definition is
 * caught before the call, even when the agent does not list again). The firewall asks the upstream
 * itself, on the caller's own upstream session, with a request id of its own that never reaches the
 * agent; the answer is checked against the pins like any listing. A tool still unknown after that
 * is refused by {@link Authorization}.
 */
public final class ToolDiscovery implements Stage {
  /** A listing is followed through at most this many pages. */
  static final int MAX_PAGES = 20;

  private static final String ID_PREFIX = "mcp-firewall-tools-";

  private final ToolPins pins;
  private final AtomicLong ids = new AtomicLong();

  public ToolDiscovery(ToolPins pins) {
    this.pins = pins;
  }

  @Override
  public StagePhase phase() {
    return StagePhase.AUTHORIZATION;
  }

  @Override
  public String name() {
    return "tool-discovery";
  }

  @Override
  public Future<Void> apply(Exchange exchange) {
    String name = ToolCall.toolOf(exchange.message());
    AgentSession session = exchange.session();
    if (name == null || session == null) {
      return Future.succeededFuture();
    }
    boolean announced = session.takeToolsChanged();
    if (!announced && pins.pin(exchange.upstream(), name).isPresent()) {
      return Future.succeededFuture();
    }
    // A failed discovery is not the agent's failure: authorization then refuses the unknown tool.
    return listFrom(session, exchange.upstream(), null, 0).otherwiseEmpty().mapEmpty();
  }

  private Future<Void> listFrom(AgentSession session, String upstream, String cursor, int page) {
    JsonObject params = new JsonObject();
    if (cursor != null) {
      params.put("cursor", cursor);
    }
    JsonRpcMessage request =
        JsonRpcMessage.of(
            new JsonObject()
                .put("jsonrpc", "2.0")
                .put("id", ID_PREFIX + ids.incrementAndGet())
                .put("method", "tools/list")
                .put("params", params),
            null);
    return session
        .connection()
        .send(request)
        .compose(reply -> response(reply, request))
        .compose(
            response -> {
              JsonObject result = response.json().getJsonObject("result");
              if (result == null || !(result.getValue("tools") instanceof JsonArray tools)) {
                return Future.succeededFuture((String) null);
              }
              return pins.observe(upstream, tools).map(v -> result.getString("nextCursor"));
            })
        .compose(
            next -> {
              return next == null || page + 1 >= MAX_PAGES
                  ? Future.succeededFuture()
                  : listFrom(session, upstream, next, page + 1);
            });
  }

  /** The response to {@code request} in whatever shape the upstream answered. */
  private static Future<JsonRpcMessage> response(UpstreamReply reply, JsonRpcMessage request) {
    if (reply instanceof UpstreamReply.Single single) {
      return Future.succeededFuture(single.message());
    }
    if (!(reply instanceof UpstreamReply.Streamed streamed)) {
      return Future.failedFuture("no response to the tool listing");
    }
    MessageStream stream = streamed.stream();
    Promise<JsonRpcMessage> answer = Promise.promise();
    String key = request.idKey();
    stream.handler(
        event -> {
          if (event.message() != null
              && event.message().isResponse()
              && key.equals(event.message().idKey())) {
            answer.tryComplete(event.message());
            stream.cancel();
          }
        });
    stream.endHandler(v -> answer.tryFail("the upstream ended the stream without a listing"));
    stream.exceptionHandler(answer::tryFail);
    return answer.future();
  }
}
