package dev.mcpfirewall.integrity;

import dev.mcpfirewall.pipeline.Exchange;
import dev.mcpfirewall.pipeline.FailureKind;
import dev.mcpfirewall.pipeline.FirewallFailure;
import dev.mcpfirewall.pipeline.Stage;
import dev.mcpfirewall.pipeline.StagePhase;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import java.util.Optional;

/**
 * Lets a {@code tools/call} through only when the tool's current definition is approved: a tool
 * waiting for approval, changed under its pin (a rug pull), or rejected is refused with a reason
 * that says which, and so is every call to an upstream held as a whole by its policy. Unknown tools
 * never get here: {@code Authorization} refuses them first.
 */
public final class ToolIntegrity implements Stage {
  private final ToolPins pins;

  public ToolIntegrity(ToolPins pins) {
    this.pins = pins;
  }

  @Override
  public StagePhase phase() {
    return StagePhase.SCHEMA;
  }

  @Override
  public String name() {
    return "tool-integrity";
  }

  @Override
  public Future<Void> apply(Exchange exchange) {
    String tool = ToolCall.toolOf(exchange.message());
    if (tool == null) {
      return Future.succeededFuture();
    }
    String upstream = exchange.upstream();
    if (pins.held(upstream)) {
      return refuse(
          "upstream '"
              + upstream
              + "' changed a tool definition; its tools are blocked until an admin approves the"
              + " change",
          "upstream_held",
          upstream,
          tool);
    }
    Optional<ToolPin> pin = pins.pin(upstream, tool);
    if (pin.isEmpty() || pin.get().callable()) {
      return Future.succeededFuture();
    }
    return switch (pin.get().status()) {
      case PENDING_CHANGE ->
          refuse(
              "the definition of tool '"
                  + tool
                  + "' changed since it was approved; calls are blocked until an admin approves the"
                  + " new definition",
              "tool_definition_changed",
              upstream,
              tool);
      case REJECTED ->
          refuse(
              "an admin rejected the definition tool '" + tool + "' now has",
              "tool_rejected",
              upstream,
              tool);
      default ->
          refuse(
              "tool '" + tool + "' waits for an admin to approve its definition",
              "tool_pending_approval",
              upstream,
              tool);
    };
  }

  private static Future<Void> refuse(String message, String detail, String upstream, String tool) {
    return Future.failedFuture(
        new FirewallFailure(FailureKind.TOOL_NOT_APPROVED, message)
            .withDetail(detail)
            .withData(new JsonObject().put("tool", tool).put("upstream", upstream)));
  }
}
