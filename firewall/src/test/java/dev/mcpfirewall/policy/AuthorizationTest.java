package dev.mcpfirewall.policy;

import static dev.mcpfirewall.policy.PolicyFixtures.BILLING;
import static dev.mcpfirewall.policy.PolicyFixtures.DELETE;
import static dev.mcpfirewall.policy.PolicyFixtures.GHOST;
import static dev.mcpfirewall.policy.PolicyFixtures.NOTES;
import static dev.mcpfirewall.policy.PolicyFixtures.SEARCH;
import static dev.mcpfirewall.policy.PolicyFixtures.key;
import static org.assertj.core.api.Assertions.assertThat;

import dev.mcpfirewall.auth.Principal;
import dev.mcpfirewall.jsonrpc.JsonRpcMessage;
import dev.mcpfirewall.pipeline.Decision;
import dev.mcpfirewall.pipeline.Exchange;
import dev.mcpfirewall.pipeline.FailureKind;
import dev.mcpfirewall.pipeline.FirewallFailure;
import dev.mcpfirewall.pipeline.Pipeline;
import dev.mcpfirewall.pipeline.Stage;
import dev.mcpfirewall.pipeline.StagePhase;
import dev.mcpfirewall.transport.FailureResponses;
import io.vertx.core.Future;
import io.vertx.core.MultiMap;
import io.vertx.core.json.JsonObject;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The authorization stage over real exchanges, behind a stand-in for authentication. */
class AuthorizationTest {
  private final Authorization authorization =
      new Authorization(PolicyFixtures.accessPolicy(PolicyFixtures.CURATOR));

  /** Sets the principal as the authentication stage does. */
  private record Authenticated(Principal principal) implements Stage {
    @Override
    public StagePhase phase() {
      return StagePhase.AUTHENTICATION;
    }

    @Override
    public String name() {
      return "authentication";
    }

    @Override
    public Future<Void> apply(Exchange exchange) {
      exchange.principal(principal);
      return Future.succeededFuture();
    }
  }

  private Exchange run(Principal principal, String upstream, JsonObject message) {
    Exchange exchange =
        new Exchange(
            upstream,
            JsonRpcMessage.of(message, null),
            MultiMap.caseInsensitiveMultiMap(),
            "127.0.0.1",
            System.nanoTime());
    Future<Void> done =
        new Pipeline(List.of(new Authenticated(principal), authorization)).run(exchange);
    assertThat(done.isComplete()).isTrue();
    outcome = done.failed() ? (FirewallFailure) done.cause() : null;
    return exchange;
  }

  private FirewallFailure outcome;

  private static JsonObject call(String tool) {
    return new JsonObject()
        .put("jsonrpc", "2.0")
        .put("id", 3)
        .put("method", "tools/call")
        .put("params", new JsonObject().put("name", tool).put("arguments", new JsonObject()));
  }

  private static JsonObject request(String method) {
    return new JsonObject().put("jsonrpc", "2.0").put("id", 1).put("method", method);
  }

  @Test
  void itIsTheAuthorizationPhase() {
    assertThat(authorization.phase()).isEqualTo(StagePhase.AUTHORIZATION);
    assertThat(authorization.name()).isEqualTo("authorization");
  }

  @Test
  void aGrantedCallContinues() {
    Exchange exchange = run(key("reader"), NOTES, call(SEARCH));
    assertThat(outcome).isNull();
    assertThat(exchange.decisions().decisions())
        .extracting(Decision::stage, Decision::outcome)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple("authentication", Decision.Outcome.CONTINUE),
            org.assertj.core.groups.Tuple.tuple("authorization", Decision.Outcome.CONTINUE));
  }

  @Test
  void aReaderCallingADestructiveToolGetsAJsonRpcErrorWithTheReason() {
    Exchange exchange = run(key("reader"), NOTES, call(DELETE));
    assertThat(outcome.kind()).isEqualTo(FailureKind.TOOL_FORBIDDEN);
    assertThat(outcome.getMessage())
        .isEqualTo(
            "tool 'delete_note' is destructive and role(s) [reader] grant read-only tools only"
                + " (destructive_not_granted)");
    assertThat(outcome.upstream()).isEqualTo(NOTES);
    assertThat(exchange.decisions().refused()).isTrue();

    // What the agent receives: an MCP-level error (HTTP 200) it can show.
    assertThat(outcome.kind().httpStatus()).isEqualTo(200);
    JsonObject error = FailureResponses.message(outcome, 3).json().getJsonObject("error");
    assertThat(error.getString("message")).contains("delete_note", "destructive_not_granted");
    assertThat(error.getJsonObject("data").getString("reason")).isEqualTo("tool_forbidden");
  }

  @Test
  void aToolTheUpstreamNeverListedIsRefused() {
    run(key("operator"), NOTES, call(GHOST));
    assertThat(outcome.kind()).isEqualTo(FailureKind.TOOL_FORBIDDEN);
    assertThat(outcome.getMessage())
        .isEqualTo(
            "tool 'ghost_note' is not among the tools upstream 'notes' has listed; list the tools"
                + " first (unknown_tool)");
  }

  @Test
  void aDeniedToolIsRefusedWhateverElseIsGranted() {
    run(key("curator", "admin"), NOTES, call(DELETE));
    assertThat(outcome.kind()).isEqualTo(FailureKind.TOOL_FORBIDDEN);
    assertThat(outcome.getMessage()).endsWith("(tool_denied)");
  }

  @Test
  void anUngrantedUpstreamRefusesEveryMessage() {
    run(key("curator"), BILLING, request("initialize"));
    assertThat(outcome.kind()).isEqualTo(FailureKind.UPSTREAM_FORBIDDEN);
    assertThat(outcome.kind().httpStatus()).isEqualTo(403);
    assertThat(outcome.upstream()).isEqualTo(BILLING);
    assertThat(outcome.getMessage())
        .isEqualTo(
            "role(s) [curator] grant no access to upstream 'billing' (upstream_not_granted)");

    run(
        key("curator"),
        BILLING,
        new JsonObject().put("jsonrpc", "2.0").put("method", "notifications/initialized"));
    assertThat(outcome.kind()).isEqualTo(FailureKind.UPSTREAM_FORBIDDEN);
    run(key("curator"), BILLING, call("refund"));
    assertThat(outcome.kind()).isEqualTo(FailureKind.UPSTREAM_FORBIDDEN);
  }

  @Test
  void otherMethodsNeedOnlyTheUpstream() {
    for (String method : List.of("initialize", "tools/list", "resources/read", "prompts/get")) {
      run(key("reader"), NOTES, request(method));
      assertThat(outcome).as(method).isNull();
    }
  }

  @Test
  void withoutAPrincipalItFailsClosed() {
    Exchange exchange = run(null, NOTES, request("tools/list"));
    assertThat(outcome.kind()).isEqualTo(FailureKind.FORBIDDEN);
    assertThat(exchange.decisions().decisions().get(1).reason()).isEqualTo("forbidden");
  }

  @Test
  void aToolsCallWithoutAToolNameIsInvalid() {
    run(
        key("operator"),
        NOTES,
        new JsonObject()
            .put("jsonrpc", "2.0")
            .put("id", 4)
            .put("method", "tools/call")
            .put("params", new JsonObject().put("name", 12)));
    assertThat(outcome.kind()).isEqualTo(FailureKind.INVALID_REQUEST);
    run(key("operator"), NOTES, request("tools/call"));
    assertThat(outcome.kind()).isEqualTo(FailureKind.INVALID_REQUEST);
  }
}
