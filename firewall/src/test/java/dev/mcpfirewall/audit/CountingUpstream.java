package dev.mcpfirewall.audit;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.net.URI;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A small MCP Streamable HTTP upstream that counts the tool calls it received: one read-only tool,
 * {@code note}, whose call is remembered by its {@code n} argument before it is answered, and whose
 * answer echoes the arguments back (so that secrets come back through the response path too).
 */
final class CountingUpstream {
  private final HttpServer server;
  private final Set<String> calls = ConcurrentHashMap.newKeySet();

  private CountingUpstream(HttpServer server) {
    this.server = server;
  }

  static Future<CountingUpstream> start(Vertx vertx) {
    HttpServer server = vertx.createHttpServer();
    CountingUpstream upstream = new CountingUpstream(server);
    server.requestHandler(upstream::handle);
    return server.listen(0, "127.0.0.1").map(s -> upstream);
  }

  URI uri() {
    return URI.create("http://127.0.0.1:" + server.actualPort() + "/mcp");
  }

  /** The {@code n} argument of every tools/call received. */
  Set<String> calls() {
    return calls;
  }

  private void handle(HttpServerRequest request) {
    if (!"POST".equals(request.method().name())) {
      request.response().setStatusCode(405).end();
      return;
    }
    request
        .body()
        .onSuccess(
            body -> {
              JsonObject message = body.toJsonObject();
              String method = message.getString("method");
              Object id = message.getValue("id");
              if (id == null) {
                request.response().setStatusCode(202).end();
                return;
              }
              JsonObject result;
              switch (method) {
                case "initialize" -> {
                  request.response().putHeader("Mcp-Session-Id", UUID.randomUUID().toString());
                  result =
                      new JsonObject()
                          .put(
                              "protocolVersion",
                              message.getJsonObject("params").getString("protocolVersion"))
                          .put("capabilities", new JsonObject().put("tools", new JsonObject()))
                          .put(
                              "serverInfo",
                              new JsonObject().put("name", "counting").put("version", "1"));
                }
                case "tools/list" ->
                    result =
                        new JsonObject()
                            .put(
                                "tools",
                                new JsonArray()
                                    .add(
                                        new JsonObject()
                                            .put("name", "note")
                                            .put("description", "Remembers a note.")
                                            .put(
                                                "inputSchema",
                                                new JsonObject().put("type", "object"))
                                            .put(
                                                "annotations",
                                                new JsonObject().put("readOnlyHint", true))));
                case "tools/call" -> {
                  JsonObject arguments =
                      message.getJsonObject("params").getJsonObject("arguments", new JsonObject());
                  calls.add(String.valueOf(arguments.getValue("n")));
                  result =
                      new JsonObject()
                          .put(
                              "content",
                              new JsonArray()
                                  .add(
                                      new JsonObject()
                                          .put("type", "text")
                                          .put("text", "noted: " + arguments.encode())));
                }
                default -> result = new JsonObject();
              }
              request
                  .response()
                  .putHeader("Content-Type", "application/json")
                  .end(
                      new JsonObject()
                          .put("jsonrpc", "2.0")
                          .put("id", id)
                          .put("result", result)
                          .encode());
            });
  }

  Future<Void> stop() {
    return server.close();
  }
}
