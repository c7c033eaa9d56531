package dev.mcpfirewall.transport;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mcpfirewall.config.LimitsConfig;
import dev.mcpfirewall.config.UpstreamConfig;
import dev.mcpfirewall.testpeers.EverythingServer;
import dev.mcpfirewall.testpeers.FirewallUnderTest;
import dev.mcpfirewall.testpeers.RawAgent;
import dev.mcpfirewall.testpeers.RawAgent.Reply;
import io.vertx.core.MultiMap;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServer;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.Timeout;

/**
 * Bad input and bad upstreams through the wire: every case gets a clear JSON-RPC error with the
 * right HTTP status and a stable reason, and never a stack trace, a hang or a 500.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@Timeout(60)
class TransportErrorsTest {
  private static final String INIT =
      "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"initialize\",\"params\":{\"protocolVersion\":"
          + "\"2025-06-18\",\"capabilities\":{},\"clientInfo\":{\"name\":\"t\",\"version\":\"1\"}}}";
  private static final String PING = "{\"jsonrpc\":\"2.0\",\"id\":7,\"method\":\"ping\"}";

  private Vertx peers;
  private HttpServer silent;
  private HttpServer html;
  private FirewallUnderTest firewall;
  private RawAgent agent;
  private int closedPort;

  @BeforeAll
  void start() throws Exception {
    peers = Vertx.vertx();
    // An upstream that accepts connections and never answers.
    silent = await(peers.createHttpServer().requestHandler(request -> {}).listen(0, "127.0.0.1"));
    // An upstream that answers like a misconfigured web server.
    html =
        await(
            peers
                .createHttpServer()
                .requestHandler(
                    r ->
                        r.response()
                            .setStatusCode(500)
                            .putHeader("Content-Type", "text/html")
                            .end("<html>oops</html>"))
                .listen(0, "127.0.0.1"));
    closedPort = EverythingServer.freePort();
    UpstreamConfig.Timeouts fast =
        new UpstreamConfig.Timeouts(Duration.ofSeconds(1), Duration.ofMillis(500));
    firewall =
        FirewallUnderTest.start(
            FirewallUnderTest.config(
                List.of(
                    upstream("down", URI.create("http://127.0.0.1:" + closedPort + "/mcp"), fast),
                    upstream(
                        "slow",
                        URI.create("http://127.0.0.1:" + silent.actualPort() + "/mcp"),
                        fast),
                    upstream(
                        "html",
                        URI.create("http://127.0.0.1:" + html.actualPort() + "/mcp"),
                        fast)),
                new LimitsConfig(1024, 8)));
    agent = new RawAgent(peers, firewall.port(), firewall.agentKey());
  }

  private static UpstreamConfig upstream(String name, URI url, UpstreamConfig.Timeouts timeouts) {
    return new UpstreamConfig(
        name,
        UpstreamConfig.Transport.STREAMABLE_HTTP,
        Optional.of(url),
        Map.of(),
        Optional.empty(),
        timeouts);
  }

  private static <T> T await(io.vertx.core.Future<T> future) throws Exception {
    return future.toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
  }

  @AfterAll
  void stop() throws Exception {
    agent.close();
    firewall.close();
    await(peers.close());
  }

  private static void assertError(Reply reply, int status, int code, String reason, String text) {
    assertThat(reply.status()).as(reply.body().toString()).isEqualTo(status);
    assertThat(reply.header("Content-Type")).startsWith("application/json");
    assertThat(reply.json().getString("jsonrpc")).isEqualTo("2.0");
    assertThat(reply.error().getInteger("code")).isEqualTo(code);
    assertThat(reply.error().getJsonObject("data").getString("reason")).isEqualTo(reason);
    assertThat(reply.error().getString("message")).contains(text);
    assertThat(reply.body().toString()).doesNotContain("Exception").doesNotContain("\tat ");
  }

  @Test
  void malformedJsonIsAParseError() throws Exception {
    Reply reply = agent.post("/mcp/down", "{\"jsonrpc\": \"2.0\", \"id\": 1,", Map.of());
    assertError(reply, 400, -32700, "parse_error", "malformed JSON");
    assertThat(reply.json().getValue("id")).isNull();
  }

  @Test
  void jsonThatIsNotJsonRpcIsAnInvalidRequest() throws Exception {
    assertError(
        agent.post("/mcp/down", "{\"id\":1,\"method\":\"ping\"}", Map.of()),
        400,
        -32600,
        "invalid_request",
        "\"jsonrpc\" must be \"2.0\"");
    assertError(
        agent.post("/mcp/down", "[" + PING + "]", Map.of()),
        400,
        -32600,
        "invalid_request",
        "batches are not supported");
    assertError(
        agent.post("/mcp/down", "{\"jsonrpc\":\"2.0\",\"id\":{},\"method\":\"x\"}", Map.of()),
        400,
        -32600,
        "invalid_request",
        "\"id\" must be a string or number");
    assertError(
        agent.post("/mcp/down", "\"just a string\"", Map.of()),
        400,
        -32600,
        "invalid_request",
        "must be an object");
  }

  @Test
  void oversizedBodyIsRefusedWith413() throws Exception {
    String big =
        "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"ping\",\"params\":{\"pad\":\""
            + "x".repeat(2000)
            + "\"}}";
    assertError(
        agent.post("/mcp/down", big, Map.of()),
        413,
        -32600,
        "body_too_large",
        "limit of 1024 bytes");
  }

  @Test
  void overDeepJsonIsRefused() throws Exception {
    String deep =
        "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"x\",\"params\":{\"a\":"
            + "[".repeat(20)
            + "]".repeat(20)
            + "}}";
    assertError(
        agent.post("/mcp/down", deep, Map.of()),
        400,
        -32700,
        "parse_error",
        "nesting deeper than the limit of 8");
  }

  @Test
  void unknownUpstreamIs404NamingIt() throws Exception {
    assertError(
        agent.post("/mcp/nope", INIT, Map.of()),
        404,
        -32601,
        "unknown_upstream",
        "no upstream named 'nope'");
    assertError(
        agent.post("/elsewhere", INIT, Map.of()),
        404,
        -32601,
        "unknown_upstream",
        "use /mcp/{upstream}");
  }

  @Test
  void foreignOriginAndHostAreForbidden() throws Exception {
    assertError(
        agent.post("/mcp/down", INIT, Map.of("Origin", "https://evil.example")),
        403,
        -32020,
        "forbidden_origin",
        "Origin 'https://evil.example' is not allowed");
    assertError(
        agent.rawPost(
            "/mcp/down",
            Map.of(
                "Host", "attacker.example:8080", "Authorization", "Bearer " + firewall.agentKey()),
            INIT),
        403,
        -32020,
        "forbidden_host",
        "Host header 'attacker.example:8080'");
  }

  @Test
  void wrongMediaTypesAreRefused() throws Exception {
    assertError(
        agent.post("/mcp/down", INIT, Map.of("Content-Type", "text/plain")),
        415,
        -32600,
        "unsupported_media_type",
        "Content-Type must be application/json");
    assertError(
        agent.post("/mcp/down", INIT, Map.of("Accept", "text/html")),
        406,
        -32600,
        "not_acceptable",
        "Accept must list both");
  }

  @Test
  void sessionsAreRequiredAndMustExist() throws Exception {
    assertError(
        agent.post("/mcp/down", PING, Map.of()),
        400,
        -32000,
        "session_required",
        "missing Mcp-Session-Id");
    assertError(
        agent.post("/mcp/down", PING, Map.of("Mcp-Session-Id", "made-up")),
        404,
        -32000,
        "session_not_found",
        "send initialize");
    Reply get =
        agent.send(
            HttpMethod.GET,
            "/mcp/down",
            MultiMap.caseInsensitiveMultiMap().add("Accept", "text/event-stream"),
            null);
    assertError(get, 400, -32000, "session_required", "missing Mcp-Session-Id");
    Reply delete =
        agent.send(
            HttpMethod.DELETE,
            "/mcp/down",
            MultiMap.caseInsensitiveMultiMap().add("Mcp-Session-Id", "made-up"),
            null);
    assertError(delete, 404, -32000, "session_not_found", "session not found");
  }

  @Test
  void otherHttpMethodsAre405() throws Exception {
    Reply reply =
        agent.send(
            HttpMethod.PUT, "/mcp/down", MultiMap.caseInsensitiveMultiMap(), Buffer.buffer(INIT));
    assertError(reply, 405, -32600, "method_not_allowed", "PUT");
    assertThat(reply.header("Allow")).isEqualTo("GET, POST, DELETE");
  }

  @Test
  void aRefusedRequestLeavesItsConnectionUsableForTheNext() throws Exception {
    assertThat(
            agent.statusLinesOnOneConnection(
                List.of(
                    agent.httpPost("/mcp/down", "text/plain", INIT),
                    agent.httpPost("/elsewhere", "application/json", INIT),
                    agent.httpPost("/mcp/nope", "application/json", INIT),
                    agent.httpPost("/mcp/down", "application/json", "{oops"),
                    agent.httpPost("/mcp/down", "application/json", PING))))
        .containsExactly(
            "HTTP/1.1 415 Unsupported Media Type",
            "HTTP/1.1 404 Not Found",
            "HTTP/1.1 404 Not Found",
            "HTTP/1.1 400 Bad Request",
            "HTTP/1.1 400 Bad Request");
  }

  @Test
  void unreachableUpstreamIs502NamingTheUpstream() throws Exception {
    assertError(
        agent.post("/mcp/down", INIT, Map.of()),
        502,
        -32010,
        "upstream_unavailable",
        "upstream 'down' is unreachable at http://127.0.0.1:" + closedPort);
    assertThat(firewall.node().sessions().size()).isZero();
  }

  @Test
  void silentUpstreamTimesOutWith504() throws Exception {
    long start = System.nanoTime();
    Reply reply = agent.post("/mcp/slow", INIT, Map.of());
    assertError(reply, 504, -32010, "upstream_timeout", "upstream 'slow' did not answer in time");
    assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(5));
    assertThat(reply.json().getInteger("id")).isEqualTo(1);
  }

  @Test
  void upstreamAnsweringOutsideTheProtocolIs502() throws Exception {
    assertError(
        agent.post("/mcp/html", INIT, Map.of()),
        502,
        -32010,
        "upstream_protocol_error",
        "upstream 'html' answered HTTP 500 with content type 'text/html'");
  }
}
