package dev.mcpfirewall.integrity;

import dev.mcpfirewall.config.ToolIntegrityConfig;
import dev.mcpfirewall.pipeline.Exchange;
import dev.mcpfirewall.pipeline.FailureKind;
import dev.mcpfirewall.pipeline.FirewallFailure;
import dev.mcpfirewall.pipeline.Stage;
import dev.mcpfirewall.pipeline.StagePhase;
import dev.mcpfirewall.schema.InvalidToolSchemaException;
import dev.mcpfirewall.schema.StrictMode;
import dev.mcpfirewall.schema.ToolSchemas;
import dev.mcpfirewall.schema.Validation;
import dev.mcpfirewall.schema.Violation;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.util.Optional;

/**
 * Validates the {@code arguments} of a {@code tools/call} against the <em>pinned, approved</em>
 * {@code inputSchema} of the tool (never against whatever the upstream lists now), with the
 * upstream's strict mode. Invalid arguments are refused with JSON-RPC -32602 and the violations
 * (JSON pointer, rule, message) in {@code error.data.violations}. A pinned schema the firewall
 * cannot enforce (a remote {@code $ref}, say) refuses the call: a contract that cannot be checked
 * is not trusted.
 *
 * <p>Validation runs on the event loop, bounded by evaluation and regular-expression step budgets;
 * a schema is compiled once per pinned version, on a worker, and cached.
 */
public final class ArgumentValidation implements Stage {
  private final Vertx vertx;
  private final ToolPins pins;
  private final ToolSchemas schemas;

  public ArgumentValidation(Vertx vertx, ToolPins pins, ToolSchemas schemas) {
    this.vertx = vertx;
    this.pins = pins;
    this.schemas = schemas;
  }

  @Override
  public StagePhase phase() {
    return StagePhase.SCHEMA;
  }

  @Override
  public String name() {
    return "arguments";
  }

  @Override
  public Future<Void> apply(Exchange exchange) {
    String tool = ToolCall.toolOf(exchange.message());
    if (tool == null) {
      return Future.succeededFuture();
    }
    JsonObject params = exchange.message().params();
    String upstream = exchange.upstream();
    Optional<PinnedVersion> approved = pins.pin(upstream, tool).flatMap(ToolPin::approved);
    JsonObject inputSchema = approved.map(v -> v.definition().inputSchema()).orElse(null);
    if (inputSchema == null) {
      return Future.succeededFuture();
    }
    Object arguments = params.getValue("arguments");
    if (arguments != null && !(arguments instanceof JsonObject)) {
      return verdict(
          tool,
          new Validation(
              java.util.List.of(new Violation("", "type", "arguments must be a JSON object"))));
    }
    String key = approved.get().hash() + "#input";
    StrictMode strict = strictMode(pins.policy(upstream));
    JsonObject args = (JsonObject) arguments;
    return schemas
        .ready(vertx, key, inputSchema, strict)
        .recover(
            e ->
                Future.failedFuture(
                    e instanceof InvalidToolSchemaException
                        ? new FirewallFailure(
                                FailureKind.TOOL_NOT_APPROVED,
                                "tool '"
                                    + tool
                                    + "' has an input schema the firewall cannot enforce: "
                                    + e.getMessage())
                            .withDetail("unenforceable_schema")
                            .withData(new JsonObject().put("tool", tool).put("upstream", upstream))
                        : e))
        .compose(schema -> verdict(tool, schemas.validateArguments(schema, args, strict)));
  }

  private static Future<Void> verdict(String tool, Validation validation) {
    if (validation.isValid()) {
      return Future.succeededFuture();
    }
    JsonObject data = validation.invalidArgumentsData().put("tool", tool);
    data.remove("reason");
    return Future.failedFuture(
        new FirewallFailure(
                FailureKind.INVALID_ARGUMENTS,
                "invalid arguments for tool '" + tool + "': " + validation.summary())
            .withData(data));
  }

  static StrictMode strictMode(ToolIntegrityConfig policy) {
    ToolIntegrityConfig.StrictArguments strict = policy.strictArguments();
    return new StrictMode(
        strict.enabled(),
        strict.maxStringLength(),
        strict.maxArrayItems(),
        strict.maxDepth(),
        StrictMode.DEFAULT_MAX_PROPERTIES);
  }
}
