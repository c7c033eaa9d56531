package dev.mcpfirewall.audit;

import dev.mcpfirewall.detect.InspectionRecord;
import java.util.Locale;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Records each answered {@code POST /v1/inspect} in the audit trail: caller, direction, upstream
 * and tool named, the text's length (never the text), the verdict and the findings as threat
 * metadata.
 */
public final class InspectionAudit implements InspectionRecord.Recorder {
  private static final Logger log = LoggerFactory.getLogger(InspectionAudit.class);

  private final AuditTrail trail;

  public InspectionAudit(AuditTrail trail) {
    this.trail = trail;
  }

  @Override
  public void record(InspectionRecord inspection) {
    AuditEvent event =
        AuditEvent.of("inspection")
            .with("principal", inspection.principal().id())
            .with("direction", inspection.direction().name().toLowerCase(Locale.ROOT))
            .with("upstream", inspection.upstream())
            .with("tool", inspection.tool())
            .with("length", inspection.length())
            .with("verdict", inspection.judgement().verdict().label())
            .with("latencyMicros", inspection.elapsedNanos() / 1000)
            .with("remote", inspection.remoteAddress());
    inspection.principal().keyId().ifPresent(k -> event.with("keyId", k));
    if (!inspection.judgement().findings().isEmpty()) {
      event.with("findings", ExchangeRecords.findings(inspection.judgement().plainFindings()));
    }
    trail.appendLazily(event).onFailure(e -> log.error("an inspection could not be recorded", e));
  }
}
