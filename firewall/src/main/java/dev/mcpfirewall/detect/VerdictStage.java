package dev.mcpfirewall.detect;

import dev.mcpfirewall.detect.text.Redaction;
import dev.mcpfirewall.pipeline.Exchange;
import dev.mcpfirewall.pipeline.Stage;
import dev.mcpfirewall.pipeline.StagePhase;
import io.vertx.core.Future;

/**
 * Applies the inbound judgement: {@code block} refuses the message with a typed failure naming the
 * category and rule (never the matched text); {@code redact} edits the matched spans out of the
 * message, which is then forwarded re-encoded; {@code allow} and {@code monitor} pass it as it
 * came.
 */
public final class VerdictStage implements Stage {

  @Override
  public StagePhase phase() {
    return StagePhase.VERDICT;
  }

  @Override
  public String name() {
    return "verdict";
  }

  @Override
  public Future<Void> apply(Exchange exchange) {
    Judgement judgement = exchange.attachment(Judgement.class);
    if (judgement == null) {
      return Future.succeededFuture();
    }
    switch (judgement.verdict()) {
      case BLOCK -> {
        return Future.failedFuture(
            ContentBlocked.of(judgement, exchange.upstream(), "the request"));
      }
      case REDACT -> {
        if (Redaction.apply(exchange.message().json(), judgement.redactions()) > 0) {
          exchange.message().changed();
        }
        return Future.succeededFuture();
      }
      default -> {
        return Future.succeededFuture();
      }
    }
  }
}
