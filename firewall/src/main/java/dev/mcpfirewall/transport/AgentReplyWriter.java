package dev.mcpfirewall.transport;

import dev.mcpfirewall.jsonrpc.JsonRpcMessage;
import dev.mcpfirewall.pipeline.Exchange;
import dev.mcpfirewall.pipeline.ResponsePipeline;
import dev.mcpfirewall.upstream.MessageStream;
import dev.mcpfirewall.upstream.UpstreamEvent;
import dev.mcpfirewall.upstream.UpstreamReply;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import java.nio.charset.StandardCharsets;
import java.util.function.UnaryOperator;

/**
 * Writes what the upstream answered back to the agent: 202 for accepted notifications, a JSON body
 * for a single message, or an SSE stream relayed event by event (never buffered whole), each
 * message passing the upstream-to-agent stages first.
 */
final class AgentReplyWriter {
  private static final Buffer EVENT_MESSAGE = Buffer.buffer("event: message\ndata: ");

  private final ResponsePipeline responses;

  AgentReplyWriter(ResponsePipeline responses) {
    this.responses = responses;
  }

  /**
   * @param requestId the id of the agent's request, or null for notifications and responses
   * @param onResponse applied to the response to the request before it is written (it may replace
   *     it)
   */
  Future<Void> write(
      HttpServerRequest request,
      Exchange exchange,
      UpstreamReply reply,
      Object requestId,
      UnaryOperator<JsonRpcMessage> onResponse) {
    HttpServerResponse response = request.response();
    if (reply instanceof UpstreamReply.Accepted) {
      response.setStatusCode(202);
      return response.end();
    }
    if (reply instanceof UpstreamReply.Single single) {
      return inspect(exchange, single.message())
          .compose(
              message ->
                  response
                      .setStatusCode(single.status())
                      .putHeader(HttpHeaders.CONTENT_TYPE, "application/json")
                      .end(onResponse.apply(message).encoded()));
    }
    UpstreamReply.Streamed streamed = (UpstreamReply.Streamed) reply;
    return new Relay(
            request, exchange, streamed.stream(), streamed.collapsible(), requestId, onResponse)
        .run();
  }

  /** Relays an upstream event stream to the agent's open response stream (the GET stream). */
  Future<Void> relay(HttpServerRequest request, Exchange exchange, MessageStream stream) {
    return new Relay(request, exchange, stream, false, null, UnaryOperator.identity()).run();
  }

  private Future<JsonRpcMessage> inspect(Exchange exchange, JsonRpcMessage message) {
    return responses.isEmpty() ? Future.succeededFuture(message) : responses.run(exchange, message);
  }

  /** One relayed stream: its state lives here, on the agent request's event loop. */
  private final class Relay {
    private final HttpServerRequest request;
    private final HttpServerResponse response;
    private final Exchange exchange;
    private final MessageStream stream;
    private final boolean collapsible;
    private final String requestKey;
    private final Object requestId;
    private final UnaryOperator<JsonRpcMessage> onResponse;
    private final Promise<Void> done = Promise.promise();
    private boolean started;
    private boolean answered;

    Relay(
        HttpServerRequest request,
        Exchange exchange,
        MessageStream stream,
        boolean collapsible,
        Object requestId,
        UnaryOperator<JsonRpcMessage> onResponse) {
      this.request = request;
      this.response = request.response();
      this.exchange = exchange;
      this.stream = stream;
      this.collapsible = collapsible;
      this.requestId = requestId;
      this.requestKey = requestId == null ? null : JsonRpcMessage.idKey(requestId);
      this.onResponse = onResponse;
    }

    Future<Void> run() {
      response.closeHandler(v -> stream.cancel());
      response.exceptionHandler(e -> stream.cancel());
      stream.handler(this::onEvent);
      stream.endHandler(v -> onEnd());
      stream.exceptionHandler(this::onFailure);
      if (!collapsible) {
        start();
      }
      return done.future();
    }

    private void onEvent(UpstreamEvent event) {
      if (event.message() == null) {
        start();
        response.write(frame(event, null));
        backpressure();
        return;
      }
      Future<JsonRpcMessage> inspected = inspect(exchange, event.message());
      if (inspected.isComplete()) {
        deliver(event, inspected);
        backpressure();
      } else {
        stream.pause();
        inspected.onComplete(
            ar -> {
              deliver(event, inspected);
              stream.resume();
              backpressure();
            });
      }
    }

    private void deliver(UpstreamEvent event, Future<JsonRpcMessage> inspected) {
      if (inspected.failed()) {
        // A stage stopped this message; the agent gets the refusal in its place.
        JsonRpcMessage refusal =
            FailureResponses.message(
                FailureResponses.classify(inspected.cause()), event.message().id());
        send(event, event.message().isRequest() ? null : refusal, isFinal(event.message()));
        return;
      }
      send(event, inspected.result(), isFinal(event.message()));
    }

    private boolean isFinal(JsonRpcMessage message) {
      return requestKey != null && message.isResponse() && requestKey.equals(message.idKey());
    }

    private void send(UpstreamEvent event, JsonRpcMessage message, boolean isFinal) {
      if (message == null) {
        return;
      }
      if (isFinal) {
        message = onResponse.apply(message);
        answered = true;
        if (!started && collapsible) {
          response.putHeader(HttpHeaders.CONTENT_TYPE, "application/json");
          response.end(message.encoded()).onComplete(done);
          stream.cancel();
          return;
        }
      }
      start();
      response.write(frame(event, message));
    }

    private void backpressure() {
      if (response.ended() || response.closed()) {
        return;
      }
      if (response.writeQueueFull()) {
        stream.pause();
        response.drainHandler(v -> stream.resume());
      }
    }

    private void onEnd() {
      if (response.ended()) {
        return;
      }
      start();
      response.end().onComplete(done);
    }

    private void onFailure(Throwable cause) {
      if (response.ended() || response.closed()) {
        done.tryComplete();
        return;
      }
      if (!started) {
        FailureResponses.write(request, cause, requestId);
        done.tryComplete();
        return;
      }
      if (!answered && requestId != null) {
        JsonRpcMessage error =
            FailureResponses.message(FailureResponses.classify(cause), requestId);
        response.write(frame(new UpstreamEvent(null, error, null), error));
      }
      response.end().onComplete(done);
    }

    private void start() {
      if (started) {
        return;
      }
      started = true;
      response
          .setChunked(true)
          .putHeader(HttpHeaders.CONTENT_TYPE, "text/event-stream")
          .putHeader(HttpHeaders.CACHE_CONTROL, "no-cache, no-transform")
          .writeHead();
    }
  }

  /** One SSE event. Data must be a single line, so a multi-line encoding is re-encoded. */
  static Buffer frame(UpstreamEvent event, JsonRpcMessage message) {
    Buffer frame = Buffer.buffer(256);
    if (event.eventId() != null) {
      frame.appendString("id: ").appendString(event.eventId()).appendByte((byte) '\n');
    }
    if (event.retryMillis() != null) {
      frame
          .appendString("retry: ")
          .appendString(event.retryMillis().toString())
          .appendByte((byte) '\n');
    }
    if (message == null) {
      return frame.appendString("data: \n\n");
    }
    Buffer data = message.encoded();
    if (containsLineBreak(data)) {
      data = Buffer.buffer(message.json().encode().getBytes(StandardCharsets.UTF_8));
    }
    return frame.appendBuffer(EVENT_MESSAGE).appendBuffer(data).appendString("\n\n");
  }

  private static boolean containsLineBreak(Buffer data) {
    for (int i = 0, n = data.length(); i < n; i++) {
      byte b = data.getByte(i);
      if (b == '\n' || b == '\r') {
        return true;
      }
    }
    return false;
  }
}
