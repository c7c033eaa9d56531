package dev.mcpfirewall.benchmark;

import io.vertx.core.DeploymentOptions;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.json.Json;
import io.vertx.core.json.JsonObject;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The smallest MCP Streamable HTTP server that an agent (and the firewall) can talk to: {@code POST
 * /mcp} answers {@code initialize} (with an {@code Mcp-Session-Id}), {@code
 * notifications/initialized} (202), {@code tools/list} (one read-only tool, {@code echo}) and
 * {@code tools/call} (a small text result), all as {@code application/json}. It is the upstream of
 * the load benchmark, built on the raw Vert.x HTTP server (no SDK, no router) so that its own cost
 * per call stays small next to the firewall's, and it listens on 127.0.0.1 only.
 *
 * <pre>{@code
 * FastUpstream upstream = FastUpstream.start(vertx, 0, 1).toCompletionStage().toCompletableFuture().get();
 * URI mcp = upstream.uri(); // http://127.0.0.1:PORT/mcp
 * }</pre>
 */
public final class FastUpstream {
  /** The path of the MCP endpoint. */
  public static final String PATH = "/mcp";

  static final String SESSION_HEADER = "Mcp-Session-Id";
  static final String DEFAULT_PROTOCOL_VERSION = "2025-06-18";
  private static final Set<String> PROTOCOL_VERSIONS =
      Set.of("2025-11-25", "2025-06-18", "2025-03-26", "2024-11-05");

  private static final JsonObject TOOL =
      new JsonObject()
          .put("name", "echo")
          .put("title", "Echo")
          .put("description", "Answers with a short text; touches nothing.")
          .put(
              "inputSchema",
              new JsonObject()
                  .put("type", "object")
                  .put(
                      "properties",
                      new JsonObject().put("text", new JsonObject().put("type", "string")))
                  .put("required", List.of("text")))
          .put(
              "annotations",
              new JsonObject().put("readOnlyHint", true).put("openWorldHint", false));
  private static final Buffer CALL_RESULT_PREFIX = Buffer.buffer("{\"jsonrpc\":\"2.0\",\"id\":");
  private static final Buffer CALL_RESULT_SUFFIX =
      Buffer.buffer(
          ",\"result\":{\"content\":[{\"type\":\"text\",\"text\":\"ok: 42 items, all fine\"}],"
              + "\"isError\":false}}");

  private final Vertx vertx;
  private final Set<String> sessions = ConcurrentHashMap.newKeySet();
  private final List<Thread> threads = new java.util.concurrent.CopyOnWriteArrayList<>();
  private volatile int port;
  private String deployment;

  private FastUpstream(Vertx vertx) {
    this.vertx = vertx;
  }

  /**
   * Starts the server on {@code 127.0.0.1:port} (0 for a free port) with {@code instances} listener
   * verticles (one per event loop to use).
   */
  public static Future<FastUpstream> start(Vertx vertx, int port, int instances) {
    FastUpstream upstream = new FastUpstream(vertx);
    return vertx
        .deployVerticle(
            () -> upstream.new Listener(port), new DeploymentOptions().setInstances(instances))
        .map(
            id -> {
              upstream.deployment = id;
              return upstream;
            });
  }

  /** The port the server is bound to. */
  public int port() {
    return port;
  }

  /** The MCP endpoint, {@code http://127.0.0.1:PORT/mcp}. */
  public java.net.URI uri() {
    return java.net.URI.create("http://127.0.0.1:" + port + PATH);
  }

  /** The event-loop threads serving the listener, to measure their CPU time. */
  public List<Thread> threads() {
    return List.copyOf(threads);
  }

  /** Sessions currently open. */
  public int sessionCount() {
    return sessions.size();
  }

  public Future<Void> stop() {
    return deployment == null ? Future.succeededFuture() : vertx.undeploy(deployment);
  }

  private final class Listener extends VerticleBase {
    private final int requestedPort;

    Listener(int requestedPort) {
      this.requestedPort = requestedPort;
    }

    @Override
    public Future<?> start() {
      threads.add(Thread.currentThread());
      HttpServer server =
          vertx.createHttpServer(
              new HttpServerOptions()
                  .setHost("127.0.0.1")
                  .setPort(requestedPort)
                  .setTcpNoDelay(true)
                  .setCompressionSupported(false));
      return server.requestHandler(this::handle).listen().onSuccess(s -> port = s.actualPort());
    }

    private void handle(HttpServerRequest request) {
      HttpServerResponse response = request.response();
      if (!PATH.equals(request.path())) {
        response.setStatusCode(404).end();
        return;
      }
      HttpMethod method = request.method();
      if (method == HttpMethod.DELETE) {
        String id = request.getHeader(SESSION_HEADER);
        response.setStatusCode(id != null && sessions.remove(id) ? 200 : 404).end();
        return;
      }
      if (method != HttpMethod.POST) {
        // No server-initiated stream: the Streamable HTTP way to say so is 405.
        response.setStatusCode(405).putHeader(HttpHeaders.ALLOW, "POST, DELETE").end();
        return;
      }
      request.body().onSuccess(body -> post(request, response, body));
    }

    private void post(HttpServerRequest request, HttpServerResponse response, Buffer body) {
      JsonObject message;
      try {
        message = body.toJsonObject();
      } catch (RuntimeException e) {
        json(response, 400, error(null, -32700, "parse error"));
        return;
      }
      String method = message.getString("method");
      Object id = message.getValue("id");
      if ("initialize".equals(method)) {
        initialize(response, message, id);
        return;
      }
      String session = request.getHeader(SESSION_HEADER);
      if (session == null) {
        json(response, 400, error(id, -32600, "missing Mcp-Session-Id"));
        return;
      }
      if (!sessions.contains(session)) {
        json(response, 404, error(id, -32600, "session not found"));
        return;
      }
      if (method == null || !message.containsKey("id")) {
        // A notification (notifications/initialized and the like) or a response: accepted.
        response.setStatusCode(202).end();
        return;
      }
      switch (method) {
        case "tools/call" -> call(response, id);
        case "tools/list" ->
            json(
                response, 200, result(id, new JsonObject().put("tools", List.of(TOOL))).toBuffer());
        case "ping" -> json(response, 200, result(id, new JsonObject()).toBuffer());
        default -> json(response, 200, error(id, -32601, "method not found: " + method));
      }
    }

    private void initialize(HttpServerResponse response, JsonObject message, Object id) {
      JsonObject params = message.getJsonObject("params");
      String requested = params == null ? null : params.getString("protocolVersion");
      String version =
          requested != null && PROTOCOL_VERSIONS.contains(requested)
              ? requested
              : DEFAULT_PROTOCOL_VERSION;
      String session = UUID.randomUUID().toString();
      sessions.add(session);
      response.putHeader(SESSION_HEADER, session);
      json(
          response,
          200,
          result(
                  id,
                  new JsonObject()
                      .put("protocolVersion", version)
                      .put(
                          "capabilities",
                          new JsonObject().put("tools", new JsonObject().put("listChanged", false)))
                      .put(
                          "serverInfo",
                          new JsonObject().put("name", "fast-upstream").put("version", "1.0.0")))
              .toBuffer());
    }

    /** The hot path: the canned result spliced around the request's id. */
    private void call(HttpServerResponse response, Object id) {
      Buffer reply =
          Buffer.buffer(160)
              .appendBuffer(CALL_RESULT_PREFIX)
              .appendString(Json.encode(id))
              .appendBuffer(CALL_RESULT_SUFFIX);
      json(response, 200, reply);
    }
  }

  private static JsonObject result(Object id, JsonObject result) {
    return new JsonObject().put("jsonrpc", "2.0").put("id", id).put("result", result);
  }

  private static Buffer error(Object id, int code, String message) {
    return new JsonObject()
        .put("jsonrpc", "2.0")
        .put("id", id)
        .put("error", new JsonObject().put("code", code).put("message", message))
        .toBuffer();
  }

  private static void json(HttpServerResponse response, int status, Buffer body) {
    response
        .setStatusCode(status)
        .putHeader(HttpHeaders.CONTENT_TYPE, "application/json")
        .end(body);
  }
}
