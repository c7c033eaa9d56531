package dev.mcpfirewall.benchmark;

import io.vertx.core.Future;
import io.vertx.core.MultiMap;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClientAgent;
import io.vertx.core.http.HttpClientConnection;
import io.vertx.core.http.HttpConnectOptions;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.net.URI;
import java.util.Map;

/**
 * One simulated agent of the load benchmark: one HTTP/1.1 keep-alive connection carrying one MCP
 * session, with at most one request in flight. {@link #open} runs the MCP handshake ({@code
 * initialize}, {@code notifications/initialized}) and checks {@code tools/list} and one {@code
 * tools/call} in full; {@link #call} is the measured request, a {@code tools/call} checked only by
 * status and shape so that the load generator stays cheap.
 *
 * <p>Not thread-safe: its owner drives it from one event loop.
 */
final class AgentConnection {
  static final String PROTOCOL_VERSION = "2025-06-18";
  private static final Buffer CALL_PREFIX = Buffer.buffer("{\"jsonrpc\":\"2.0\",\"id\":");
  private static final Buffer CALL_SUFFIX =
      Buffer.buffer(
          ",\"method\":\"tools/call\",\"params\":{\"name\":\"echo\",\"arguments\":"
              + "{\"text\":\"hello from the load benchmark\"}}}");
  private static final byte[] RESULT_MEMBER = "\"result\"".getBytes();

  private final HttpClientConnection connection;
  private final String path;
  private final String authority;
  private final Map<String, String> extraHeaders;
  private String sessionId;
  private long nextId = 1;

  private AgentConnection(
      HttpClientConnection connection, URI endpoint, Map<String, String> extra) {
    this.connection = connection;
    this.extraHeaders = extra;
    this.path = endpoint.getRawPath();
    this.authority = endpoint.getHost() + ":" + endpoint.getPort();
  }

  /**
   * Connects to {@code endpoint} and opens an MCP session over the new connection.
   *
   * @param extraHeaders sent with every request, a credential for example
   */
  static Future<AgentConnection> open(
      HttpClientAgent client, URI endpoint, Map<String, String> extraHeaders) {
    return client
        .connect(
            new HttpConnectOptions()
                .setHost(endpoint.getHost())
                .setPort(endpoint.getPort())
                .setConnectTimeout(10_000))
        .map(c -> new AgentConnection(c, endpoint, Map.copyOf(extraHeaders)))
        .compose(AgentConnection::handshake);
  }

  private Future<AgentConnection> handshake() {
    JsonObject initialize =
        request(
            "initialize",
            new JsonObject()
                .put("protocolVersion", PROTOCOL_VERSION)
                .put("capabilities", new JsonObject())
                .put(
                    "clientInfo",
                    new JsonObject().put("name", "load-benchmark").put("version", "1.0.0")));
    return post(initialize.toBuffer())
        .compose(
            reply -> {
              sessionId = reply.headers().get(FastUpstream.SESSION_HEADER);
              JsonObject result = reply.json().getJsonObject("result");
              if (reply.status() != 200 || sessionId == null || result == null) {
                return fail("initialize", reply);
              }
              return post(
                  new JsonObject()
                      .put("jsonrpc", "2.0")
                      .put("method", "notifications/initialized")
                      .toBuffer());
            })
        .compose(
            reply ->
                reply.status() == 202
                    ? post(request("tools/list", new JsonObject()).toBuffer())
                    : fail("notifications/initialized", reply))
        .compose(
            reply -> {
              JsonArray tools =
                  reply.json().getJsonObject("result", new JsonObject()).getJsonArray("tools");
              boolean readOnlyEcho =
                  tools != null
                      && tools.size() == 1
                      && "echo".equals(tools.getJsonObject(0).getString("name"))
                      && tools
                          .getJsonObject(0)
                          .getJsonObject("annotations", new JsonObject())
                          .getBoolean("readOnlyHint", false);
              return readOnlyEcho ? post(callBody()) : fail("tools/list", reply);
            })
        .compose(
            reply -> {
              JsonObject result = reply.json().getJsonObject("result");
              boolean ok =
                  reply.status() == 200
                      && result != null
                      && result.getJsonArray("content").getJsonObject(0).getString("text") != null
                      && !result.getBoolean("isError", true);
              return ok ? Future.succeededFuture(this) : fail("tools/call", reply);
            });
  }

  /**
   * Sends one {@code tools/call} and completes when the whole response has arrived; fails on
   * anything but a 200 JSON-RPC result.
   */
  Future<Void> call() {
    return connection
        .request(options())
        .compose(request -> request.send(callBody()))
        .compose(
            response ->
                response
                    .body()
                    .compose(
                        body ->
                            response.statusCode() == 200 && contains(body, RESULT_MEMBER)
                                ? Future.<Void>succeededFuture()
                                : Future.failedFuture(
                                    "HTTP "
                                        + response.statusCode()
                                        + ": "
                                        + truncate(body.toString()))));
  }

  /** Ends the MCP session, then the connection. */
  Future<Void> close() {
    RequestOptions options = options().setMethod(HttpMethod.DELETE);
    return connection
        .request(options)
        .compose(request -> request.send())
        .compose(response -> response.body())
        .<Void>mapEmpty()
        .recover(e -> Future.succeededFuture())
        .eventually(connection::close);
  }

  private Buffer callBody() {
    return Buffer.buffer(160)
        .appendBuffer(CALL_PREFIX)
        .appendString(Long.toString(nextId++))
        .appendBuffer(CALL_SUFFIX);
  }

  private JsonObject request(String method, JsonObject params) {
    return new JsonObject()
        .put("jsonrpc", "2.0")
        .put("id", nextId++)
        .put("method", method)
        .put("params", params);
  }

  private RequestOptions options() {
    RequestOptions options =
        new RequestOptions()
            .setMethod(HttpMethod.POST)
            .setURI(path)
            .putHeader(HttpHeaders.HOST, authority)
            .putHeader(HttpHeaders.CONTENT_TYPE, "application/json")
            .putHeader(HttpHeaders.ACCEPT, "application/json, text/event-stream")
            .putHeader("MCP-Protocol-Version", PROTOCOL_VERSION);
    if (sessionId != null) {
      options.putHeader(FastUpstream.SESSION_HEADER, sessionId);
    }
    extraHeaders.forEach(options::putHeader);
    return options;
  }

  private record Reply(int status, MultiMap headers, Buffer body) {
    JsonObject json() {
      return body.length() == 0 ? new JsonObject() : body.toJsonObject();
    }
  }

  private Future<Reply> post(Buffer body) {
    return connection
        .request(options())
        .compose(request -> request.send(body))
        .compose(
            response ->
                response.body().map(b -> new Reply(response.statusCode(), response.headers(), b)));
  }

  private static <T> Future<T> fail(String step, Reply reply) {
    return Future.failedFuture(
        step + " failed: HTTP " + reply.status() + " " + truncate(reply.body().toString()));
  }

  private static boolean contains(Buffer body, byte[] needle) {
    int last = body.length() - needle.length;
    outer:
    for (int i = 0; i <= last; i++) {
      for (int j = 0; j < needle.length; j++) {
        if (body.getByte(i + j) != needle[j]) {
          continue outer;
        }
      }
      return true;
    }
    return false;
  }

  private static String truncate(String s) {
    return s.length() <= 300 ? s : s.substring(0, 300) + "…";
  }
}
