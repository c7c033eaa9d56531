package dev.mcpfirewall.detect;

import dev.mcpfirewall.detect.text.ScanText;
import dev.mcpfirewall.jsonrpc.JsonRpcMessage;
import dev.mcpfirewall.pipeline.Exchange;
import dev.mcpfirewall.pipeline.Stage;
import dev.mcpfirewall.pipeline.StagePhase;
import dev.mcpfirewall.plugins.api.Direction;
import io.vertx.core.Future;
import java.util.Set;

/**
 * The inbound detectors stage: extracts the text of the agent's message, runs the detector chain
 * over it, records the findings on the exchange and leaves the judgement for {@link VerdictStage}.
 * Large messages are extracted on the detector pool, small ones inline (cheaper than a hop).
 */
public final class InboundDetection implements Stage {
  /** Messages larger than this (bytes) are extracted off the event loop. */
  static final int INLINE_EXTRACTION_BYTES = 64 * 1024;

  private final ContentScanner scanner;

  public InboundDetection(ContentScanner scanner) {
    this.scanner = scanner;
  }

  @Override
  public StagePhase phase() {
    return StagePhase.DETECTION;
  }

  @Override
  public String name() {
    return "detection";
  }

  @Override
  public Future<Void> apply(Exchange exchange) {
    JsonRpcMessage message = exchange.message();
    if (message == null || scanner.idle()) {
      return Future.succeededFuture();
    }
    return extract(message)
        .compose(
            text ->
                scanner.scan(
                    text,
                    Direction.INBOUND,
                    message.isResponse() ? "response" : message.method(),
                    exchange.upstream(),
                    MessageText.tool(message),
                    roles(exchange)))
        .map(
            judgement -> {
              exchange.addFindings(judgement.plainFindings());
              exchange.escalate(judgement.verdict());
              exchange.attach(Judgement.class, judgement);
              return null;
            });
  }

  private Future<ScanText> extract(JsonRpcMessage message) {
    if (message.encoded().length() <= INLINE_EXTRACTION_BYTES) {
      return Future.succeededFuture(MessageText.inbound(message));
    }
    return OffLoop.run(scanner, () -> MessageText.inbound(message));
  }

  static Set<String> roles(Exchange exchange) {
    return exchange.principal() == null ? Set.of() : exchange.principal().roles();
  }
}
