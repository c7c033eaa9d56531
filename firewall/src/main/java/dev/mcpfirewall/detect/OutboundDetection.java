package dev.mcpfirewall.detect;

import dev.mcpfirewall.detect.text.Redaction;
import dev.mcpfirewall.detect.text.ScanText;
import dev.mcpfirewall.integrity.AdminApprovedTools;
import dev.mcpfirewall.jsonrpc.JsonRpcMessage;
import dev.mcpfirewall.pipeline.Exchange;
import dev.mcpfirewall.pipeline.ResponseStage;
import dev.mcpfirewall.pipeline.Verdict;
import dev.mcpfirewall.plugins.api.Direction;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.TreeSet;

/**
 * The outbound detectors stage: every upstream-to-agent message (a JSON response, each event of an
 * SSE stream one by one, server requests such as sampling, notifications) is scanned on its own, so
 * streams are redacted event by event and never buffered whole. {@code redact} edits the message;
 * {@code block} replaces a response with a JSON-RPC error for its id (the reply writer does that
 * with the typed failure); in a {@code tools/list} result, a blocked tool is dropped from the list
 * instead, so one poisoned tool does not take the others away.
 */
public final class OutboundDetection implements ResponseStage {
  /**
   * Findings kept on one exchange: a long-lived stream (the GET stream) must not grow without
   * bound. Verdicts are still applied to every message past it.
   */
  static final int MAX_FINDINGS_PER_EXCHANGE = 1000;

  private final ContentScanner scanner;

  public OutboundDetection(ContentScanner scanner) {
    this.scanner = scanner;
  }

  @Override
  public String name() {
    return "outbound-detection";
  }

  @Override
  public Future<JsonRpcMessage> apply(Exchange exchange, JsonRpcMessage message) {
    if (scanner.idle()) {
      return Future.succeededFuture(message);
    }
    JsonRpcMessage request = exchange.message();
    String requestMethod =
        request != null && message.isResponse() && request.isRequest() ? request.method() : null;
    Direction direction = MessageText.outboundDirection(message, requestMethod);
    Future<ScanText> text =
        message.encoded().length() <= InboundDetection.INLINE_EXTRACTION_BYTES
            ? Future.succeededFuture(MessageText.outbound(message, requestMethod))
            : OffLoop.run(scanner, () -> MessageText.outbound(message, requestMethod));
    return text.compose(
            t ->
                scanner.scan(
                    t,
                    direction,
                    message.isResponse()
                        ? requestMethod == null ? "response" : requestMethod
                        : message.method(),
                    exchange.upstream(),
                    MessageText.tool(request),
                    InboundDetection.roles(exchange)))
        .compose(judgement -> apply(exchange, message, direction, judgement));
  }

  private Future<JsonRpcMessage> apply(
      Exchange exchange, JsonRpcMessage message, Direction direction, Judgement judgement) {
    if (exchange.findings().size() < MAX_FINDINGS_PER_EXCHANGE) {
      exchange.addFindings(judgement.plainFindings());
    }
    exchange.escalate(judgement.verdict());
    if (judgement.verdict() == Verdict.BLOCK) {
      if (direction == Direction.TOOL_DESCRIPTION
          && dropBlockedTools(message, judgement, exchange.attachment(AdminApprovedTools.class))) {
        return Future.succeededFuture(message);
      }
      return Future.failedFuture(
          ContentBlocked.of(
              judgement,
              exchange.upstream(),
              message.isResponse() ? "the upstream's answer" : "the upstream's message"));
    }
    if (judgement.verdict() == Verdict.REDACT) {
      redact(message, judgement);
    }
    return Future.succeededFuture(message);
  }

  private static void redact(JsonRpcMessage message, Judgement judgement) {
    if (Redaction.apply(message.json(), judgement.redactions()) > 0) {
      message.changed();
    }
  }

  /**
   * Removes the tools with a blocking finding, except those an admin approved exactly as listed;
   * false when a block is not about one tool.
   */
  private static boolean dropBlockedTools(
      JsonRpcMessage message, Judgement judgement, AdminApprovedTools byAdmin) {
    TreeSet<Integer> blocked = new TreeSet<>();
    for (JudgedFinding f : judgement.findings()) {
      if (f.verdict() != Verdict.BLOCK) {
        continue;
      }
      String pointer = f.finding().pointer();
      if (!pointer.startsWith("/result/tools/")) {
        return false;
      }
      int end = pointer.indexOf('/', "/result/tools/".length());
      String index = pointer.substring("/result/tools/".length(), end < 0 ? pointer.length() : end);
      try {
        blocked.add(Integer.parseInt(index));
      } catch (NumberFormatException e) {
        return false;
      }
    }
    JsonObject result = message.json().getJsonObject("result");
    JsonArray tools = result == null ? null : result.getJsonArray("tools");
    if (tools == null) {
      return false;
    }
    // Redact first (pointers index the original list), then drop from the end.
    Redaction.apply(message.json(), judgement.redactions());
    for (int index : blocked.descendingSet()) {
      if (index < tools.size()
          && !(byAdmin != null
              && tools.getValue(index) instanceof JsonObject tool
              && byAdmin.tools().contains(tool.getString("name")))) {
        tools.remove(index);
      }
    }
    message.changed();
    return true;
  }
}
