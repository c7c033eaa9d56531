package dev.mcpfirewall.upstream;

import dev.mcpfirewall.jsonrpc.JsonRpcMessage;
import dev.mcpfirewall.pipeline.FailureKind;
import dev.mcpfirewall.pipeline.FirewallFailure;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.LinkedHashMap;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sorts the messages of a single-channel upstream (stdio, legacy SSE), where everything arrives on
 * one stream, into the streams the agent sees: a response ends the stream of its request; a
 * progress notification goes to the request that asked for progress; any other server message
 * (requests such as sampling or elicitation, logging) goes to the newest request still waiting,
 * which is how MCP asks related messages to travel, else to the agent's GET stream, else it waits
 * (bounded) until the agent opens one.
 */
public final class MessageCorrelator {
  private static final Logger log = LoggerFactory.getLogger(MessageCorrelator.class);
  static final int MAX_WAITING = 1000;

  private final Vertx vertx;
  private final String upstream;
  private final Duration requestTimeout;
  private final Map<String, Pending> pending = new LinkedHashMap<>();
  private final ArrayDeque<UpstreamEvent> waiting = new ArrayDeque<>();
  private MessageStream serverStream;

  private final class Pending {
    final String idKey;
    final MessageStream stream;
    final Object progressToken;
    long timer = -1;

    Pending(String idKey, MessageStream stream, Object progressToken) {
      this.idKey = idKey;
      this.stream = stream;
      this.progressToken = progressToken;
    }
  }

  public MessageCorrelator(Vertx vertx, String upstream, Duration requestTimeout) {
    this.vertx = vertx;
    this.upstream = upstream;
    this.requestTimeout = requestTimeout;
  }

  /**
   * Registers a request about to be sent and returns the stream its answer will arrive on. Call on
   * the agent request's context: the stream delivers there.
   */
  public synchronized MessageStream expect(JsonRpcMessage request) {
    Context context = vertx.getOrCreateContext();
    MessageStream stream = new MessageStream(context);
    Object token = progressToken(request);
    Pending p = new Pending(request.idKey(), stream, token);
    stream.producer(() -> {}, () -> {}, () -> forget(p));
    pending.put(p.idKey, p);
    arm(p);
    return stream;
  }

  /** The agent's GET stream: server messages unrelated to a request, and those that waited. */
  public synchronized MessageStream listen() {
    if (serverStream != null) {
      serverStream.end();
    }
    MessageStream stream = new MessageStream(vertx.getOrCreateContext());
    stream.producer(() -> {}, () -> {}, () -> dropServerStream(stream));
    serverStream = stream;
    while (!waiting.isEmpty()) {
      stream.push(waiting.poll());
    }
    return stream;
  }

  /** Routes one message from the upstream. Any thread. */
  public synchronized void dispatch(JsonRpcMessage message) {
    if (message.isResponse()) {
      Pending p = pending.remove(message.idKey());
      if (p == null) {
        log.warn("upstream '{}' sent a response to unknown request id {}", upstream, message.id());
        return;
      }
      vertx.cancelTimer(p.timer);
      p.stream.push(UpstreamEvent.of(message));
      p.stream.end();
      return;
    }
    UpstreamEvent event = UpstreamEvent.of(message);
    Pending target = progressTarget(message);
    if (target == null) {
      target = newestPending();
    }
    if (target != null) {
      arm(target);
      target.stream.push(event);
    } else if (serverStream != null) {
      serverStream.push(event);
    } else {
      if (waiting.size() == MAX_WAITING) {
        UpstreamEvent dropped = waiting.poll();
        log.warn(
            "upstream '{}': no agent stream open for 1000 server messages; dropped {}",
            upstream,
            dropped.message());
      }
      waiting.add(event);
    }
  }

  /** Fails every waiting request: the upstream is gone. Any thread. */
  public synchronized void failAll(FirewallFailure failure) {
    for (Pending p : pending.values()) {
      vertx.cancelTimer(p.timer);
      p.stream.fail(failure);
    }
    pending.clear();
    if (serverStream != null) {
      serverStream.fail(failure);
      serverStream = null;
    }
  }

  /** Requests still waiting for a response. */
  public synchronized int pendingCount() {
    return pending.size();
  }

  private Pending progressTarget(JsonRpcMessage message) {
    if (!"notifications/progress".equals(message.method()) || message.params() == null) {
      return null;
    }
    Object token = message.params().getValue("progressToken");
    if (token == null) {
      return null;
    }
    for (Pending p : pending.values()) {
      if (token.equals(p.progressToken)) {
        return p;
      }
    }
    return null;
  }

  private Pending newestPending() {
    Pending newest = null;
    for (Pending p : pending.values()) {
      newest = p;
    }
    return newest;
  }

  private void arm(Pending p) {
    if (p.timer >= 0) {
      vertx.cancelTimer(p.timer);
    }
    p.timer =
        vertx.setTimer(
            requestTimeout.toMillis(),
            id -> {
              synchronized (this) {
                if (pending.remove(p.idKey) == null) {
                  return;
                }
              }
              p.stream.fail(
                  new FirewallFailure(
                      FailureKind.UPSTREAM_TIMEOUT,
                      "upstream '"
                          + upstream
                          + "' did not answer within "
                          + requestTimeout.toMillis()
                          + " ms",
                      upstream));
            });
  }

  private synchronized void forget(Pending p) {
    if (pending.remove(p.idKey, p)) {
      vertx.cancelTimer(p.timer);
    }
  }

  private synchronized void dropServerStream(MessageStream stream) {
    if (serverStream == stream) {
      serverStream = null;
    }
  }

  private static Object progressToken(JsonRpcMessage request) {
    JsonObject params = request.params();
    if (params == null || !(params.getValue("_meta") instanceof JsonObject meta)) {
      return null;
    }
    return meta.getValue("progressToken");
  }
}
