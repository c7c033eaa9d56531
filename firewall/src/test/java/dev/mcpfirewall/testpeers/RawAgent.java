package dev.mcpfirewall.testpeers;

import io.vertx.core.MultiMap;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.json.JsonObject;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * A plain HTTP client for testing the wire format itself: malformed bodies, odd headers, the exact
 * status codes. Blocking calls, for test threads only.
 */
public final class RawAgent implements AutoCloseable {
  private final HttpClient client;
  private final io.vertx.core.Context context;
  private final int port;
  private final String key;

  /** An agent that sends no credentials. */
  public RawAgent(Vertx vertx, int port) {
    this(vertx, port, null);
  }

  /** An agent that presents {@code key} as its bearer credential on every request. */
  public RawAgent(Vertx vertx, int port, String key) {
    this.key = key;
    // Requests are made on a Vert.x context: made from a plain test thread, a Vert.x 5 client
    // request occasionally never completes.
    this.context = vertx.getOrCreateContext();
    // One connection per request: connection reuse after refusals is tested on its own, on a raw
    // socket, rather than through this client's pool.
    this.client =
        vertx.createHttpClient(
            new HttpClientOptions().setDefaultHost("127.0.0.1").setKeepAlive(false));
    this.port = port;
  }

  /** What came back. */
  public record Reply(int status, MultiMap headers, Buffer body) {
    public JsonObject json() {
      return body.toJsonObject();
    }

    public JsonObject error() {
      return json().getJsonObject("error");
    }

    public String header(String name) {
      return headers.get(name);
    }
  }

  /** A POST with JSON content type and the Accept header MCP clients send. */
  public Reply post(String path, String body, Map<String, String> headers) throws Exception {
    MultiMap all = MultiMap.caseInsensitiveMultiMap();
    all.set("Content-Type", "application/json");
    all.set("Accept", "application/json, text/event-stream");
    headers.forEach(all::set);
    return send(HttpMethod.POST, path, all, Buffer.buffer(body));
  }

  public Reply send(HttpMethod method, String path, MultiMap headers, Buffer body)
      throws Exception {
    RequestOptions options =
        new RequestOptions().setMethod(method).setPort(port).setHost("127.0.0.1").setURI(path);
    options.setHeaders(withKey(headers));
    java.util.concurrent.CompletableFuture<Reply> reply =
        new java.util.concurrent.CompletableFuture<>();
    context.runOnContext(
        v ->
            client
                .request(options)
                .compose(request -> body == null ? request.send() : request.send(body))
                .compose(
                    response ->
                        response
                            .body()
                            .map(b -> new Reply(response.statusCode(), response.headers(), b)))
                .onComplete(
                    ar -> {
                      if (ar.succeeded()) {
                        reply.complete(ar.result());
                      } else {
                        reply.completeExceptionally(ar.cause());
                      }
                    }));
    return reply.get(30, TimeUnit.SECONDS);
  }

  /**
   * Writes a request by hand on a fresh socket, for headers an HTTP client will not send as given
   * (a foreign {@code Host}). The body is sent with its Content-Length.
   */
  public Reply rawPost(String path, Map<String, String> headers, String body) throws Exception {
    try (java.net.Socket socket = new java.net.Socket("127.0.0.1", port)) {
      socket.setSoTimeout(10_000);
      byte[] bytes = body.getBytes(java.nio.charset.StandardCharsets.UTF_8);
      StringBuilder head = new StringBuilder("POST " + path + " HTTP/1.1\r\n");
      headers.forEach((k, v) -> head.append(k).append(": ").append(v).append("\r\n"));
      head.append("Content-Type: application/json\r\n")
          .append("Content-Length: ")
          .append(bytes.length)
          .append("\r\nConnection: close\r\n\r\n");
      socket
          .getOutputStream()
          .write(head.toString().getBytes(java.nio.charset.StandardCharsets.US_ASCII));
      socket.getOutputStream().write(bytes);
      socket.getOutputStream().flush();
      String response =
          new String(
              socket.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
      int status = Integer.parseInt(response.substring(9, 12));
      int split = response.indexOf("\r\n\r\n");
      MultiMap responseHeaders = MultiMap.caseInsensitiveMultiMap();
      for (String line : response.substring(0, split).split("\r\n")) {
        int colon = line.indexOf(':');
        if (colon > 0) {
          responseHeaders.add(line.substring(0, colon).trim(), line.substring(colon + 1).trim());
        }
      }
      return new Reply(status, responseHeaders, Buffer.buffer(response.substring(split + 4)));
    }
  }

  /**
   * Sends several requests, written by hand, one after another on ONE connection, and returns the
   * status line of each answer. Proves a refused request leaves its connection usable.
   */
  public List<String> statusLinesOnOneConnection(List<String> requests) throws Exception {
    List<String> statuses = new java.util.ArrayList<>();
    try (java.net.Socket socket = new java.net.Socket("127.0.0.1", port)) {
      socket.setSoTimeout(10_000);
      var in =
          new java.io.BufferedReader(
              new java.io.InputStreamReader(
                  socket.getInputStream(), java.nio.charset.StandardCharsets.UTF_8));
      for (String request : requests) {
        socket.getOutputStream().write(request.getBytes(java.nio.charset.StandardCharsets.UTF_8));
        socket.getOutputStream().flush();
        String status = in.readLine();
        statuses.add(status);
        int length = 0;
        String line;
        while (!(line = in.readLine()).isEmpty()) {
          if (line.toLowerCase(java.util.Locale.ROOT).startsWith("content-length:")) {
            length = Integer.parseInt(line.substring(15).trim());
          }
        }
        in.skip(length);
      }
    }
    return statuses;
  }

  /** A hand-written HTTP/1.1 POST with a JSON body and this agent's key. */
  public String httpPost(String path, String contentType, String body) {
    int length = body.getBytes(java.nio.charset.StandardCharsets.UTF_8).length;
    return "POST "
        + path
        + " HTTP/1.1\r\nHost: 127.0.0.1\r\n"
        + authorizationLine()
        + "Content-Type: "
        + contentType
        + "\r\nAccept: application/json, text/event-stream\r\nContent-Length: "
        + length
        + "\r\n\r\n"
        + body;
  }

  /**
   * Opens a request whose answer is an event stream and reads it until {@code enough} holds for
   * what arrived so far (or the stream ends, or 15 s pass), then hangs up. Returns the raw text
   * read, so a test's assertion shows what did arrive.
   */
  public String readStream(
      HttpMethod method,
      String path,
      MultiMap headers,
      Buffer body,
      java.util.function.Predicate<String> enough)
      throws Exception {
    return readStream(method, path, headers, body, enough, java.time.Duration.ofSeconds(15));
  }

  /** As above, giving up (and returning what arrived) after {@code patience}. */
  public String readStream(
      HttpMethod method,
      String path,
      MultiMap headers,
      Buffer body,
      java.util.function.Predicate<String> enough,
      java.time.Duration patience)
      throws Exception {
    RequestOptions options =
        new RequestOptions().setMethod(method).setPort(port).setHost("127.0.0.1").setURI(path);
    options.setHeaders(withKey(headers));
    java.util.concurrent.CompletableFuture<String> done =
        new java.util.concurrent.CompletableFuture<>();
    StringBuilder text = new StringBuilder();
    context.runOnContext(
        ignored ->
            client
                .request(options)
                .compose(request -> body == null ? request.send() : request.send(body))
                .onFailure(done::completeExceptionally)
                .onSuccess(
                    response -> {
                      response.handler(
                          chunk -> {
                            String soFar;
                            synchronized (text) {
                              soFar = text.append(chunk.toString()).toString();
                            }
                            if (enough.test(soFar)) {
                              done.complete(text.toString());
                              response.request().reset();
                            }
                          });
                      response.endHandler(v -> done.complete(text.toString()));
                      response.exceptionHandler(e -> done.complete(text.toString()));
                    }));
    try {
      return done.get(patience.toMillis(), TimeUnit.MILLISECONDS);
    } catch (java.util.concurrent.TimeoutException e) {
      synchronized (text) {
        return text.toString();
      }
    }
  }

  private MultiMap withKey(MultiMap headers) {
    if (key == null || headers.contains("Authorization")) {
      return headers;
    }
    return MultiMap.caseInsensitiveMultiMap().addAll(headers).add("Authorization", "Bearer " + key);
  }

  /** The header line a hand-written request needs to carry this agent's key, or "". */
  public String authorizationLine() {
    return key == null ? "" : "Authorization: Bearer " + key + "\r\n";
  }

  /** The first JSON-RPC message of a reply: the JSON body, or the first event of an SSE body. */
  public static JsonObject firstMessage(Reply reply) {
    String contentType = reply.header("Content-Type");
    if (contentType == null || !contentType.startsWith("text/event-stream")) {
      return reply.json();
    }
    for (String line : reply.body().toString().split("\r?\n")) {
      if (line.startsWith("data:")) {
        return new JsonObject(line.substring(5).trim());
      }
    }
    throw new IllegalStateException("no event in the SSE body: " + reply.body());
  }

  /** Sends initialize and returns the session id the firewall issued. */
  public String initialize(String path) throws Exception {
    Reply reply =
        post(
            path,
            new JsonObject()
                .put("jsonrpc", "2.0")
                .put("id", 1)
                .put("method", "initialize")
                .put(
                    "params",
                    new JsonObject()
                        .put("protocolVersion", "2025-06-18")
                        .put("capabilities", new JsonObject())
                        .put(
                            "clientInfo",
                            new JsonObject().put("name", "raw-agent").put("version", "1")))
                .encode(),
            Map.of());
    String session = reply.header("Mcp-Session-Id");
    if (reply.status() != 200 || session == null) {
      throw new IllegalStateException("initialize failed: " + reply.status() + " " + reply.body());
    }
    return session;
  }

  @Override
  public void close() {
    client.close();
  }
}
