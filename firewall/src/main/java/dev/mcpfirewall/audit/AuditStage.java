package dev.mcpfirewall.audit;

import dev.mcpfirewall.pipeline.Exchange;
import dev.mcpfirewall.pipeline.Stage;
import dev.mcpfirewall.pipeline.StagePhase;
import io.vertx.core.Future;

/**
 * The write-ahead audit stage: the agent's message is recorded, and the exchange continues only
 * once that record is durable (one group-commit window). So a message that reached an upstream
 * always has its record; when the trail cannot record, the exchange is refused (fail closed).
 */
public final class AuditStage implements Stage {
  private final AuditTrail trail;

  public AuditStage(AuditTrail trail) {
    this.trail = trail;
  }

  @Override
  public StagePhase phase() {
    return StagePhase.AUDIT;
  }

  @Override
  public String name() {
    return "audit";
  }

  @Override
  public Future<Void> apply(Exchange exchange) {
    return trail
        .append(ExchangeRecords.agentMessage(exchange))
        .map(
            receipt -> {
              exchange.auditSeq(receipt.seq());
              return null;
            });
  }
}
