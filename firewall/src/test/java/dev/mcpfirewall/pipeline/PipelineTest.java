package dev.mcpfirewall.pipeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mcpfirewall.jsonrpc.JsonRpcMessage;
import io.vertx.core.Future;
import io.vertx.core.MultiMap;
import io.vertx.core.Promise;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class PipelineTest {

  private static Exchange exchange() {
    JsonRpcMessage ping =
        JsonRpcMessage.of(
            new JsonObject().put("jsonrpc", "2.0").put("id", 1).put("method", "ping"), null);
    return new Exchange("up", ping, MultiMap.caseInsensitiveMultiMap(), "127.0.0.1", 0);
  }

  private record Step(StagePhase phase, String name, Future<Void> result, List<String> log)
      implements Stage {
    @Override
    public Future<Void> apply(Exchange exchange) {
      log.add(name);
      return result;
    }
  }

  @Test
  void stagesOutOfPhaseOrderAreRefusedAtConstruction() {
    List<String> log = new ArrayList<>();
    assertThatThrownBy(
            () ->
                new Pipeline(
                    List.of(
                        new Step(StagePhase.AUTHORIZATION, "rbac", Future.succeededFuture(), log),
                        new Step(
                            StagePhase.AUTHENTICATION, "auth", Future.succeededFuture(), log))))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining(
            "stage 'auth' (AUTHENTICATION) cannot run after 'rbac' (AUTHORIZATION)");
  }

  @Test
  void everyStageRunsInOrderAndIsRecorded() {
    List<String> log = new ArrayList<>();
    Promise<Void> later = Promise.promise();
    Pipeline pipeline =
        new Pipeline(
            List.of(
                new Step(StagePhase.TRANSPORT, "session", Future.succeededFuture(), log),
                new Step(StagePhase.AUTHENTICATION, "auth", later.future(), log),
                new Step(StagePhase.SCHEMA, "schema", Future.succeededFuture(), log)));
    Exchange exchange = exchange();
    Future<Void> done = pipeline.run(exchange);
    assertThat(log).containsExactly("session", "auth");
    assertThat(done.isComplete()).isFalse();
    later.complete();
    assertThat(done.succeeded()).isTrue();
    assertThat(log).containsExactly("session", "auth", "schema");
    assertThat(exchange.decisions().decisions())
        .extracting(Decision::stage, Decision::outcome)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple("session", Decision.Outcome.CONTINUE),
            org.assertj.core.groups.Tuple.tuple("auth", Decision.Outcome.CONTINUE),
            org.assertj.core.groups.Tuple.tuple("schema", Decision.Outcome.CONTINUE));
  }

  @Test
  void theFirstRefusalStopsTheChainAndIsRecordedWithItsReason() {
    List<String> log = new ArrayList<>();
    FirewallFailure refusal = new FirewallFailure(FailureKind.SESSION_REQUIRED, "no session");
    Pipeline pipeline =
        new Pipeline(
            List.of(
                new Step(StagePhase.TRANSPORT, "session", Future.failedFuture(refusal), log),
                new Step(StagePhase.AUTHENTICATION, "auth", Future.succeededFuture(), log)));
    Exchange exchange = exchange();
    Future<Void> done = pipeline.run(exchange);
    assertThat(done.cause()).isSameAs(refusal);
    assertThat(log).containsExactly("session");
    assertThat(exchange.decisions().refused()).isTrue();
    assertThat(exchange.decisions().decisions().get(0).reason()).isEqualTo("session_required");
  }

  @Test
  void aStageThatThrowsIsContainedAsAnInternalRefusal() {
    Stage broken =
        new Stage() {
          @Override
          public StagePhase phase() {
            return StagePhase.DETECTION;
          }

          @Override
          public String name() {
            return "broken";
          }

          @Override
          public Future<Void> apply(Exchange exchange) {
            throw new IllegalStateException("bug");
          }
        };
    Exchange exchange = exchange();
    Future<Void> done = new Pipeline(List.of(broken)).run(exchange);
    assertThat(done.failed()).isTrue();
    assertThat(exchange.decisions().decisions().get(0).reason()).isEqualTo("internal_error");
  }
}
