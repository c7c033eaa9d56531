package dev.mcpfirewall.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mcpfirewall.config.AuthConfig.KeyScopes;
import dev.mcpfirewall.demo.DemoUpstream;
import dev.mcpfirewall.testpeers.FirewallUnderTest;
import dev.mcpfirewall.testpeers.RawAgent;
import dev.mcpfirewall.testpeers.SdkAgent;
import io.modelcontextprotocol.client.McpSyncClient;
import io.modelcontextprotocol.spec.McpSchema;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.Timeout;

/**
 * Roles, tool classes and key scopes through the wire: the MCP Java SDK as agent, the demo server
 * (search_notes and get_note read-only, delete_note destructive) as upstream. Each cell of the
 * matrix lists the tools the caller sees and calls one read-only and one destructive tool.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@Timeout(120)
class AccessThroughTheWireTest {
  private static final List<String> ALL = List.of("delete_note", "get_note", "search_notes");
  private static final List<String> READ_ONLY = List.of("get_note", "search_notes");

  private DemoUpstream upstream;
  private FirewallUnderTest firewall;

  @BeforeAll
  void start() throws Exception {
    upstream = DemoUpstream.start("127.0.0.1", 0);
    firewall =
        FirewallUnderTest.start(List.of(FirewallUnderTest.http("notes", upstream.endpoint())));
  }

  @AfterAll
  void stop() throws Exception {
    firewall.close();
    upstream.close();
  }

  /** One cell: who calls, what they should see, and whether each kind of call goes through. */
  private record Cell(
      String name,
      List<String> roles,
      KeyScopes scopes,
      List<String> visible,
      boolean readAllowed,
      boolean destructiveAllowed,
      String destructiveDenial) {}

  private static KeyScopes scopes(
      List<String> upstreams, List<String> tools, List<String> classes) {
    return new KeyScopes(upstreams, tools, classes, List.of());
  }

  @TestFactory
  Stream<DynamicTest> rolesTimesToolClassesTimesKeyScopes() {
    KeyScopes none = KeyScopes.unrestricted();
    List<Cell> cells =
        List.of(
            new Cell(
                "reader",
                List.of("reader"),
                none,
                READ_ONLY,
                true,
                false,
                "destructive_not_granted"),
            new Cell("operator", List.of("operator"), none, ALL, true, true, null),
            new Cell("admin", List.of("admin"), none, ALL, true, true, null),
            new Cell(
                "operator narrowed to read-only",
                List.of("operator"),
                scopes(List.of(), List.of(), List.of("read-only")),
                READ_ONLY,
                true,
                false,
                "scope_excludes_class"),
            new Cell(
                "operator narrowed to search_*",
                List.of("operator"),
                scopes(List.of(), List.of("search_*"), List.of()),
                List.of("search_notes"),
                true,
                false,
                "scope_excludes_tool"),
            new Cell(
                "reader scoped to destructive never widens",
                List.of("reader"),
                scopes(List.of(), List.of(), List.of("destructive")),
                List.of(),
                false,
                false,
                "destructive_not_granted"),
            new Cell(
                "operator scoped to another upstream",
                List.of("operator"),
                scopes(List.of("elsewhere"), List.of(), List.of()),
                null,
                false,
                false,
                null));
    List<DynamicTest> tests = new ArrayList<>();
    for (Cell cell : cells) {
      tests.add(DynamicTest.dynamicTest(cell.name(), () -> check(cell)));
    }
    return tests.stream();
  }

  private void check(Cell cell) throws Exception {
    String key =
        firewall.createKey("owner-" + cell.name().replace(' ', '-'), cell.roles(), cell.scopes());
    try (McpSyncClient agent = SdkAgent.client(firewall.base(), "/mcp/notes", key, s -> s)) {
      if (cell.visible() == null) {
        // The whole upstream is out of reach: refused at initialize with HTTP 403.
        try (RawAgent raw = new RawAgent(firewall.vertx(), firewall.port(), key)) {
          RawAgent.Reply refused =
              raw.post(
                  "/mcp/notes",
                  "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"initialize\",\"params\":{}}",
                  Map.of());
          assertThat(refused.status()).isEqualTo(403);
          assertThat(refused.error().getJsonObject("data").getString("detail"))
              .isEqualTo("scope_excludes_upstream");
        }
        return;
      }
      agent.initialize();
      assertThat(agent.listTools().tools())
          .extracting(McpSchema.Tool::name)
          .containsExactlyInAnyOrderElementsOf(cell.visible());

      if (cell.readAllowed()) {
        // A query that leaves out the demo's planted injection (note n4), which the content
        // policy blocks; detection has its own tests.
        McpSchema.CallToolResult search = call(agent, "search_notes", Map.of("query", "handover"));
        assertThat(search.isError()).isNotEqualTo(Boolean.TRUE);
      } else {
        assertThatThrownBy(() -> call(agent, "search_notes", Map.of("query", "handover")))
            .hasMessageContaining("tool 'search_notes'");
      }

      if (cell.destructiveAllowed()) {
        McpSchema.CallToolResult deleted = call(agent, "delete_note", Map.of("id", "no-such-note"));
        // Reached the upstream: the demo answers a tool error for an unknown note.
        assertThat(deleted.content().toString()).contains("no-such-note");
      } else {
        assertThatThrownBy(() -> call(agent, "delete_note", Map.of("id", "n1")))
            .hasMessageContaining(cell.destructiveDenial());
      }
    }
  }

  private static McpSchema.CallToolResult call(
      McpSyncClient agent, String tool, Map<String, Object> arguments) {
    return agent.callTool(
        McpSchema.CallToolRequest.builder().name(tool).arguments(arguments).build());
  }

  @Test
  void aSessionIsBoundToThePrincipalThatOpenedIt() throws Exception {
    String otherKey =
        firewall.createKey("someone-else", List.of("operator"), KeyScopes.unrestricted());
    try (RawAgent owner = new RawAgent(firewall.vertx(), firewall.port(), firewall.agentKey());
        RawAgent thief = new RawAgent(firewall.vertx(), firewall.port(), otherKey)) {
      String session = owner.initialize("/mcp/notes");
      Map<String, String> headers = Map.of("Mcp-Session-Id", session);
      String ping = "{\"jsonrpc\":\"2.0\",\"id\":5,\"method\":\"ping\"}";
      assertThat(owner.post("/mcp/notes", ping, headers).status()).isEqualTo(200);
      RawAgent.Reply stolen = thief.post("/mcp/notes", ping, headers);
      assertThat(stolen.status()).isEqualTo(404);
      assertThat(stolen.error().getJsonObject("data").getString("reason"))
          .isEqualTo("session_not_found");
    }
  }

  @Test
  void everyCredentialFailureIsA401WithADiscoverableChallenge() throws Exception {
    String revoked =
        firewall.createKey("revoked-owner", List.of("operator"), KeyScopes.unrestricted());
    String revokedId =
        revoked.substring("mcpfw_".length(), revoked.indexOf('_', "mcpfw_".length()));
    firewall.node().keys().revoke(revokedId).toCompletionStage().toCompletableFuture().get();
    String good = firewall.agentKey();
    String wrongSecret = good.substring(0, good.length() - 4) + "AAAA";
    String unknownId = "mcpfw_zzzzzzzzzzzz_" + good.substring(good.lastIndexOf('_') + 1);
    String init =
        "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"initialize\",\"params\":{\"protocolVersion\":"
            + "\"2025-06-18\",\"capabilities\":{},\"clientInfo\":{\"name\":\"t\",\"version\":\"1\"}}}";
    Map<String, Optional<String>> cases =
        Map.of(
            "missing", Optional.empty(),
            "not bearer", Optional.of("Basic dXNlcjpwYXNz"),
            "garbage", Optional.of("Bearer not-a-credential"),
            "wrong secret", Optional.of("Bearer " + wrongSecret),
            "unknown id", Optional.of("Bearer " + unknownId),
            "revoked", Optional.of("Bearer " + revoked),
            "alg none jwt", Optional.of("Bearer eyJhbGciOiJub25lIn0.eyJzdWIiOiJ4In0."));
    try (RawAgent agent = new RawAgent(firewall.vertx(), firewall.port())) {
      for (Map.Entry<String, Optional<String>> c : cases.entrySet()) {
        Map<String, String> headers =
            c.getValue().map(v -> Map.of("Authorization", v)).orElse(Map.of());
        RawAgent.Reply reply = agent.post("/mcp/notes", init, headers);
        assertThat(reply.status()).as(c.getKey()).isEqualTo(401);
        assertThat(reply.header("WWW-Authenticate"))
            .as(c.getKey())
            .contains(
                "resource_metadata=\"http://127.0.0.1:"
                    + firewall.port()
                    + "/.well-known/oauth-protected-resource/mcp/notes\"");
      }
      // Wrong secret, unknown id and revoked read the same: which ids exist is not revealed.
      assertThat(
              agent
                  .post("/mcp/notes", init, Map.of("Authorization", "Bearer " + wrongSecret))
                  .error()
                  .getString("message"))
          .isEqualTo(
              agent
                  .post("/mcp/notes", init, Map.of("Authorization", "Bearer " + unknownId))
                  .error()
                  .getString("message"))
          .isEqualTo(
              agent
                  .post("/mcp/notes", init, Map.of("Authorization", "Bearer " + revoked))
                  .error()
                  .getString("message"));

      RawAgent.Reply metadata =
          agent.send(
              io.vertx.core.http.HttpMethod.GET,
              "/.well-known/oauth-protected-resource/mcp/notes",
              io.vertx.core.MultiMap.caseInsensitiveMultiMap(),
              null);
      assertThat(metadata.status()).isEqualTo(200);
      assertThat(metadata.json().getString("resource"))
          .isEqualTo("http://127.0.0.1:" + firewall.port() + "/mcp/notes");
    }
  }

  @Test
  void theAgentsCredentialNeverReachesTheUpstream() throws Exception {
    // The demo upstream would have to echo headers to show it; instead the firewall's own
    // request to the upstream is built from configuration only (see StreamableHttpUpstream):
    // prove it with a recording upstream.
    io.vertx.core.Vertx vertx = firewall.vertx();
    List<String> seen = new java.util.concurrent.CopyOnWriteArrayList<>();
    io.vertx.core.http.HttpServer recorder =
        vertx
            .createHttpServer()
            .requestHandler(
                r -> {
                  seen.add(String.valueOf(r.getHeader("Authorization")));
                  r.response().setStatusCode(500).end();
                })
            .listen(0, "127.0.0.1")
            .toCompletionStage()
            .toCompletableFuture()
            .get();
    try (FirewallUnderTest other =
            FirewallUnderTest.start(
                List.of(
                    FirewallUnderTest.http(
                        "rec",
                        java.net.URI.create(
                            "http://127.0.0.1:" + recorder.actualPort() + "/mcp"))));
        RawAgent agent = new RawAgent(vertx, other.port(), other.agentKey())) {
      agent.post(
          "/mcp/rec",
          "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"initialize\",\"params\":{}}",
          Map.of());
      assertThat(seen).isNotEmpty().allMatch(h -> h.equals("null"));
    } finally {
      recorder.close();
    }
  }
}
