package dev.mcpfirewall.policy;

import static dev.mcpfirewall.policy.PolicyFixtures.DELETE;
import static dev.mcpfirewall.policy.PolicyFixtures.NOTES;
import static dev.mcpfirewall.policy.PolicyFixtures.SEARCH;
import static dev.mcpfirewall.policy.PolicyFixtures.UPDATE;
import static dev.mcpfirewall.policy.PolicyFixtures.key;
import static org.assertj.core.api.Assertions.assertThat;

import dev.mcpfirewall.auth.Principal;
import dev.mcpfirewall.config.PolicyConfig;
import dev.mcpfirewall.jsonrpc.JsonRpcMessage;
import dev.mcpfirewall.pipeline.Exchange;
import dev.mcpfirewall.pipeline.ResponsePipeline;
import io.vertx.core.MultiMap;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The tools/list filter and the catalog recorder, run as the response pipeline runs them. */
class ToolListFilterTest {
  private LearnedToolCatalog catalog;
  private AccessPolicy policy;
  private ResponsePipeline responses;

  @BeforeEach
  void setUp() {
    catalog = new LearnedToolCatalog(PolicyConfig.defaults());
    policy = new AccessPolicy(PolicyConfig.defaults(), catalog);
    // Listed filter first: the response pipeline runs in reverse, so the recorder sees it first.
    responses =
        new ResponsePipeline(List.of(new ToolListFilter(policy), new ToolCatalogRecorder(catalog)));
  }

  private static Exchange exchange(Principal principal, JsonObject request) {
    Exchange exchange =
        new Exchange(
            NOTES,
            request == null ? null : JsonRpcMessage.of(request, null),
            MultiMap.caseInsensitiveMultiMap(),
            "127.0.0.1",
            0);
    exchange.principal(principal);
    return exchange;
  }

  private static JsonObject request(Object id, String method) {
    return new JsonObject().put("jsonrpc", "2.0").put("id", id).put("method", method);
  }

  private static JsonObject listing(Object id) {
    JsonArray tools = PolicyFixtures.notesListing();
    tools.getJsonObject(0).put("x-vendor", new JsonObject().put("kept", true));
    tools.add(new JsonObject().put("description", "an entry without a name"));
    return new JsonObject()
        .put("jsonrpc", "2.0")
        .put("id", id)
        .put(
            "result",
            new JsonObject()
                .put("tools", tools)
                .put("nextCursor", "page-2")
                .put("_meta", new JsonObject().put("trace", "t1"))
                .put("futureField", new JsonArray().add(1).add(2)));
  }

  /** A message as it arrives from the upstream: parsed, with its original bytes. */
  private static JsonRpcMessage fromUpstream(JsonObject json) {
    Buffer raw = json.toBuffer();
    return JsonRpcMessage.of(new JsonObject(raw), raw);
  }

  private JsonRpcMessage run(Exchange exchange, JsonRpcMessage message) {
    return responses.run(exchange, message).toCompletionStage().toCompletableFuture().join();
  }

  private static List<String> names(JsonRpcMessage message) {
    // Read back from the bytes the agent receives, not from the object the stages edited.
    JsonArray tools =
        new JsonObject(message.encoded()).getJsonObject("result").getJsonArray("tools");
    return tools.stream().map(t -> ((JsonObject) t).getString("name")).toList();
  }

  @Test
  void aReaderSeesOnlyReadOnlyToolsAndEverythingElseIsKept() {
    JsonRpcMessage out =
        run(exchange(key("reader"), request(7, "tools/list")), fromUpstream(listing(7)));

    assertThat(names(out)).containsExactly(SEARCH);
    JsonObject result = new JsonObject(out.encoded()).getJsonObject("result");
    assertThat(result.getString("nextCursor")).isEqualTo("page-2");
    assertThat(result.getJsonObject("_meta")).isEqualTo(new JsonObject().put("trace", "t1"));
    assertThat(result.getJsonArray("futureField")).isEqualTo(new JsonArray().add(1).add(2));
    JsonObject kept = result.getJsonArray("tools").getJsonObject(0);
    assertThat(kept)
        .isEqualTo(listing(7).getJsonObject("result").getJsonArray("tools").getValue(0));
    // The recorder saw the unfiltered listing.
    assertThat(catalog.tools(NOTES)).containsOnlyKeys(SEARCH, UPDATE, DELETE);
  }

  @Test
  void anOperatorSeesEveryNamedToolAndAnUneditedListingKeepsItsBytes() {
    JsonRpcMessage out =
        run(exchange(key("operator"), request(7, "tools/list")), fromUpstream(listing(7)));
    assertThat(names(out)).containsExactly(SEARCH, UPDATE, DELETE);

    JsonObject clean = listing(8);
    clean.getJsonObject("result").getJsonArray("tools").remove(3);
    JsonRpcMessage message = fromUpstream(clean);
    Buffer original = message.encoded();
    JsonRpcMessage unchanged = run(exchange(key("operator"), request(8, "tools/list")), message);
    assertThat(unchanged.encoded()).isSameAs(original);
  }

  @Test
  void scopesAndDeniesFilterTheListingToo() {
    Principal scoped =
        key(PolicyFixtures.scopes(List.of(), List.of("*_note"), List.of()), "operator");
    assertThat(names(run(exchange(scoped, request(1, "tools/list")), fromUpstream(listing(1)))))
        .containsExactly(UPDATE, DELETE);

    AccessPolicy withCurator =
        new AccessPolicy(PolicyFixtures.policy(PolicyFixtures.CURATOR), catalog);
    ResponsePipeline curated =
        new ResponsePipeline(
            List.of(new ToolListFilter(withCurator), new ToolCatalogRecorder(catalog)));
    JsonRpcMessage out =
        curated
            .run(exchange(key("curator"), request(2, "tools/list")), fromUpstream(listing(2)))
            .toCompletionStage()
            .toCompletableFuture()
            .join();
    assertThat(names(out)).containsExactly(SEARCH);
  }

  @Test
  void withoutAPrincipalNothingIsListed() {
    assertThat(names(run(exchange(null, request(1, "tools/list")), fromUpstream(listing(1)))))
        .isEmpty();
  }

  @Test
  void inTheWrongOrderTheFilterHidesEveryToolBecauseNoneIsKnownYet() {
    ResponsePipeline wrong =
        new ResponsePipeline(List.of(new ToolCatalogRecorder(catalog), new ToolListFilter(policy)));
    JsonRpcMessage out =
        wrong
            .run(exchange(key("operator"), request(1, "tools/list")), fromUpstream(listing(1)))
            .toCompletionStage()
            .toCompletableFuture()
            .join();
    assertThat(names(out)).isEmpty();
  }

  @Test
  void everyPageIsRecordedAndFiltered() {
    Exchange first = exchange(key("reader"), request("a", "tools/list"));
    run(first, fromUpstream(listing("a")));
    JsonObject page2 =
        new JsonObject()
            .put("jsonrpc", "2.0")
            .put("id", "b")
            .put(
                "result",
                new JsonObject()
                    .put(
                        "tools",
                        new JsonArray()
                            .add(PolicyFixtures.tool("list_tags", true))
                            .add(PolicyFixtures.tool("drop_tags", false))));
    JsonObject request2 =
        request("b", "tools/list").put("params", new JsonObject().put("cursor", "page-2"));
    assertThat(names(run(exchange(key("reader"), request2), fromUpstream(page2))))
        .containsExactly("list_tags");
    assertThat(catalog.tools(NOTES))
        .containsOnlyKeys(SEARCH, UPDATE, DELETE, "list_tags", "drop_tags");
  }

  @Test
  void otherMessagesPassUntouched() {
    Principal reader = key("reader");
    // A response to another request id (1 and "1" are different ids).
    assertUntouched(exchange(reader, request(1, "tools/list")), listing("1"));
    assertUntouched(exchange(reader, request(1, "tools/list")), listing(2));
    // The answer to a request that is not tools/list.
    assertUntouched(exchange(reader, request(1, "tools/call")), listing(1));
    // A message on the session's GET stream, which no request opened.
    assertUntouched(exchange(reader, null), listing(1));
    // An error answer, and a result without a tools array.
    assertUntouched(
        exchange(reader, request(1, "tools/list")),
        new JsonObject()
            .put("jsonrpc", "2.0")
            .put("id", 1)
            .put("error", new JsonObject().put("code", -32601).put("message", "no tools")));
    assertUntouched(
        exchange(reader, request(1, "tools/list")),
        new JsonObject()
            .put("jsonrpc", "2.0")
            .put("id", 1)
            .put("result", new JsonObject().put("tools", "not-an-array")));
    // A notification and a server request carrying a tools array.
    assertUntouched(
        exchange(reader, request(1, "tools/list")),
        new JsonObject()
            .put("jsonrpc", "2.0")
            .put("method", "notifications/tools/list_changed")
            .put("params", new JsonObject().put("tools", PolicyFixtures.notesListing())));
    assertThat(catalog.tools(NOTES)).isEmpty();
  }

  private void assertUntouched(Exchange exchange, JsonObject json) {
    JsonRpcMessage message = fromUpstream(json);
    Buffer original = message.encoded();
    JsonRpcMessage out = run(exchange, message);
    assertThat(out.encoded()).isSameAs(original);
    assertThat(out.json()).isEqualTo(json);
  }
}
