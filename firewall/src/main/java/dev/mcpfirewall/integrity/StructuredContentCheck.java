package dev.mcpfirewall.integrity;

import dev.mcpfirewall.config.ToolIntegrityConfig;
import dev.mcpfirewall.jsonrpc.JsonRpcMessage;
import dev.mcpfirewall.pipeline.Exchange;
import dev.mcpfirewall.pipeline.FailureKind;
import dev.mcpfirewall.pipeline.FirewallFailure;
import dev.mcpfirewall.pipeline.ResponseStage;
import dev.mcpfirewall.pipeline.Verdict;
import dev.mcpfirewall.plugins.api.Finding;
import dev.mcpfirewall.plugins.api.Severity;
import dev.mcpfirewall.schema.InvalidToolSchemaException;
import dev.mcpfirewall.schema.StrictMode;
import dev.mcpfirewall.schema.ToolSchemas;
import dev.mcpfirewall.schema.Validation;
import dev.mcpfirewall.schema.Violation;
import dev.mcpfirewall.transport.FailureResponses;
import io.micrometer.core.instrument.MeterRegistry;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Checks the {@code structuredContent} of a tool result against the pinned {@code outputSchema}. A
 * tool that declares an output schema must return structured content that matches it (MCP
 * 2025-06-18); error results ({@code isError: true}) are exempt. By the upstream's policy a
 * mismatch is blocked (the agent gets a JSON-RPC error for its request instead of the result) or
 * monitored (the result passes); either way it is logged, counted and recorded on the exchange as a
 * finding of category {@code tool-integrity.output-schema}.
 */
public final class StructuredContentCheck implements ResponseStage {
  /** The category of the finding a mismatch records. */
  public static final String CATEGORY = "tool-integrity.output-schema";

  private static final Logger log = LoggerFactory.getLogger(StructuredContentCheck.class);

  private final Vertx vertx;
  private final ToolPins pins;
  private final ToolSchemas schemas;
  private final MeterRegistry metrics;

  public StructuredContentCheck(
      Vertx vertx, ToolPins pins, ToolSchemas schemas, MeterRegistry metrics) {
    this.vertx = vertx;
    this.pins = pins;
    this.schemas = schemas;
    this.metrics = metrics;
  }

  @Override
  public String name() {
    return "output-schema";
  }

  @Override
  public Future<JsonRpcMessage> apply(Exchange exchange, JsonRpcMessage message) {
    String tool = ToolCall.toolOf(exchange.message());
    if (tool == null
        || !message.isResponse()
        || !exchange.message().idKey().equals(message.idKey())
        || !(message.json().getValue("result") instanceof JsonObject result)
        || Boolean.TRUE.equals(result.getValue("isError"))) {
      return Future.succeededFuture(message);
    }
    String upstream = exchange.upstream();
    Optional<PinnedVersion> approved = pins.pin(upstream, tool).flatMap(ToolPin::approved);
    JsonObject outputSchema = approved.map(v -> v.definition().outputSchema()).orElse(null);
    if (outputSchema == null) {
      return Future.succeededFuture(message);
    }
    if (!result.containsKey("structuredContent")) {
      return Future.succeededFuture(
          mismatch(
              exchange,
              message,
              tool,
              List.of(
                  "the result has no structuredContent although the tool declares an"
                      + " outputSchema"),
              List.of(finding("missing-structured-content", "/result"))));
    }
    return schemas
        .ready(vertx, approved.get().hash() + "#output", outputSchema, StrictMode.OFF)
        .map(
            compiled -> {
              List<String> problems = new ArrayList<>();
              List<Finding> findings = new ArrayList<>();
              Validation validation =
                  schemas.validateStructuredContent(compiled, result.getValue("structuredContent"));
              for (Violation violation : validation.violations()) {
                problems.add(
                    (violation.pointer().isEmpty() ? "(root)" : violation.pointer())
                        + ": "
                        + violation.message());
                findings.add(
                    finding(violation.rule(), "/result/structuredContent" + violation.pointer()));
              }
              return problems.isEmpty()
                  ? message
                  : mismatch(exchange, message, tool, problems, findings);
            })
        .recover(
            e ->
                e instanceof InvalidToolSchemaException
                    ? Future.succeededFuture(
                        mismatch(
                            exchange,
                            message,
                            tool,
                            List.of(
                                "the pinned outputSchema cannot be enforced: " + e.getMessage()),
                            List.of(finding("unenforceable-schema", "/result"))))
                    : Future.failedFuture(e));
  }

  /** Records a mismatch and, under the block policy, answers with an error instead. */
  private JsonRpcMessage mismatch(
      Exchange exchange,
      JsonRpcMessage message,
      String tool,
      List<String> problems,
      List<Finding> findings) {
    String upstream = exchange.upstream();
    boolean block = pins.policy(upstream).outputSchema() == ToolIntegrityConfig.OutputCheck.BLOCK;
    exchange.addFindings(findings);
    exchange.escalate(block ? Verdict.BLOCK : Verdict.MONITOR);
    metrics
        .counter(
            "mcpfw_tool_output_mismatches_total",
            "upstream",
            upstream,
            "action",
            block ? "block" : "monitor")
        .increment();
    log.warn(
        "tool '{}' of upstream '{}' returned structured content that does not match its pinned"
            + " outputSchema ({}): {}",
        tool,
        upstream,
        block ? "blocked" : "monitored",
        problems);
    if (!block) {
      return message;
    }
    FirewallFailure failure =
        new FirewallFailure(
                FailureKind.INVALID_TOOL_OUTPUT,
                "tool '"
                    + tool
                    + "' returned a result that does not match its declared outputSchema: "
                    + problems.get(0))
            .withData(
                new JsonObject()
                    .put("tool", tool)
                    .put("violations", new io.vertx.core.json.JsonArray(problems)));
    return FailureResponses.message(failure, message.id());
  }

  private static Finding finding(String rule, String pointer) {
    return new Finding(CATEGORY, Severity.MEDIUM, 1.0, rule, pointer, 0, 0, "");
  }
}
