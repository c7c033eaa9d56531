package dev.mcpfirewall.audit.store;

import dev.mcpfirewall.audit.AuditEvent;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * What a {@link ChainWriter} records when it opens a chain: when the previous process stopped in
 * the middle of a line, the cut of that torn tail (done by {@link ChainState#read}, which keeps
 * only complete records), so that the removal is itself part of the chain; then the node's start,
 * naming its key and the segment it begins.
 */
final class RestartRecords {
  private RestartRecords() {}

  static List<AuditEvent> of(ChainState state, NodeKey key, long segmentNumber) {
    List<AuditEvent> events = new ArrayList<>();
    if (state.tornBytes() > 0) {
      events.add(
          AuditEvent.of("recovery")
              .with("action", "audit.torn-tail-cut")
              .with(
                  "details",
                  Map.of(
                      "bytes",
                      state.tornBytes(),
                      "reason",
                      "the previous process stopped while writing; its incomplete last line"
                          + " (never acknowledged) was removed")));
    }
    events.add(
        AuditEvent.of("start")
            .with("action", "node.start")
            .with("details", Map.of("key", key.fingerprint(), "segment", segmentNumber)));
    return events;
  }
}
