package dev.mcpfirewall.transport;

import dev.mcpfirewall.jsonrpc.JsonRpcMessage;
import dev.mcpfirewall.pipeline.FailureKind;
import dev.mcpfirewall.pipeline.FirewallFailure;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.http.HttpVersion;
import io.vertx.core.json.JsonObject;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one place where a failure becomes what the agent sees: an HTTP status and a JSON-RPC error
 * whose message says what was wrong, with a stable reason code in {@code error.data.reason}. No
 * stack trace ever reaches a client; unexpected errors are logged here and answered generically.
 */
public final class FailureResponses {
  private static final Logger log = LoggerFactory.getLogger(FailureResponses.class);

  /** Beyond this, a refused request's remaining body is not worth reading: close instead. */
  static final long MAX_DISCARDED_BYTES = 1024 * 1024;

  private FailureResponses() {}

  /** The JSON-RPC error message for a failure, answering the request with {@code id}. */
  public static JsonRpcMessage message(FirewallFailure failure, Object id) {
    JsonObject data = failure.data().map(JsonObject::copy).orElseGet(JsonObject::new);
    data.put("reason", failure.kind().reason());
    if (failure.upstream() != null) {
      data.put("upstream", failure.upstream());
    }
    failure.detail().ifPresent(detail -> data.put("detail", detail));
    return JsonRpcMessage.error(id, failure.kind().jsonRpcCode(), failure.getMessage(), data);
  }

  /**
   * The RFC 6750 challenge of a 401. On an MCP endpoint it names the RFC 9728 protected-resource
   * metadata, so standard MCP clients can discover where to obtain a token.
   */
  static String challenge(HttpServerRequest request) {
    String challenge = "Bearer realm=\"mcp-firewall\"";
    if (request.getHeader(HttpHeaders.AUTHORIZATION) != null) {
      challenge += ", error=\"invalid_token\"";
    }
    String path = request.path();
    if (path != null && path.startsWith("/mcp/") && request.authority() != null) {
      challenge +=
          ", resource_metadata=\""
              + request.scheme()
              + "://"
              + request.authority()
              + ProtectedResourceMetadata.WELL_KNOWN
              + path
              + "\"";
    }
    return challenge;
  }

  /** Maps any throwable; anything not a {@link FirewallFailure} is logged as a defect. */
  public static FirewallFailure classify(Throwable cause) {
    if (cause instanceof FirewallFailure f) {
      return f;
    }
    if (cause instanceof java.nio.channels.ClosedChannelException) {
      // A peer hung up mid-exchange (an agent closing its stream, an upstream dropping the
      // connection): expected on a network, not a defect. If the agent is still there it learns
      // that the upstream side failed.
      log.debug("a connection closed mid-exchange: {}", cause.toString());
      return new FirewallFailure(
          FailureKind.UPSTREAM_UNAVAILABLE, "a connection closed before the exchange completed");
    }
    log.error("unexpected failure while handling an MCP request", cause);
    return FirewallFailure.of(cause);
  }

  /**
   * Answers the request with the failure, unless the response has already started or the agent is
   * gone. A request refused before its body was read has the rest of its body discarded, so its
   * connection can carry the next request; an oversized body is not worth reading, so that
   * connection is closed after the answer instead.
   */
  public static void write(HttpServerRequest request, Throwable cause, Object requestId) {
    HttpServerResponse response = request.response();
    if (response.closed()) {
      // The agent went away (closed a stream, for example): nobody to answer, nothing to report.
      log.debug("agent connection closed before the answer: {}", cause.toString());
      return;
    }
    FirewallFailure failure = classify(cause);
    if (response.headWritten() || response.ended()) {
      return;
    }
    if (!request.isEnded()) {
      if (failure.kind() == FailureKind.BODY_TOO_LARGE || request.version() == HttpVersion.HTTP_2) {
        if (request.version() != HttpVersion.HTTP_2) {
          response.putHeader(HttpHeaders.CONNECTION, "close");
          response.endHandler(v -> request.connection().close());
        }
      } else {
        // Read what is left of the body (bounded) before answering, so the connection stays
        // usable: answering first and discarding later races the client's next request.
        long[] discarded = {0};
        request.handler(
            chunk -> {
              discarded[0] += chunk.length();
              if (discarded[0] > MAX_DISCARDED_BYTES) {
                request.handler(null);
                request.connection().close();
              }
            });
        request.exceptionHandler(ignored -> {});
        request.endHandler(ignored -> answer(request, failure, requestId));
        request.resume();
        return;
      }
    }
    answer(request, failure, requestId);
  }

  private static void answer(HttpServerRequest request, FirewallFailure failure, Object requestId) {
    HttpServerResponse response = request.response();
    if (response.closed() || response.ended()) {
      return;
    }
    response.setStatusCode(failure.kind().httpStatus());
    if (failure.kind() == FailureKind.METHOD_NOT_ALLOWED) {
      response.putHeader(HttpHeaders.ALLOW, "GET, POST, DELETE");
    }
    if (failure.kind() == FailureKind.UNAUTHENTICATED) {
      response.putHeader("WWW-Authenticate", challenge(request));
    }
    failure
        .retryAfter()
        .ifPresent(
            after -> response.putHeader(HttpHeaders.RETRY_AFTER, Long.toString(after.toSeconds())));
    response
        .putHeader(HttpHeaders.CONTENT_TYPE, "application/json")
        .end(message(failure, requestId).encoded());
  }
}
