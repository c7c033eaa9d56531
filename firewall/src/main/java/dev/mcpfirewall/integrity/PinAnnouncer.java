package dev.mcpfirewall.integrity;

import dev.mcpfirewall.alert.Alert;
import dev.mcpfirewall.alert.AlertSink;
import io.vertx.core.json.JsonObject;
import java.time.Clock;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Says what a listing did to a pin: records every change as a pin event and raises an alert when a
 * tool waits for approval ({@code tool.pending}) or changed under its pin ({@code tool.changed},
 * naming the JSON pointers that differ).
 */
final class PinAnnouncer {
  private static final Logger log = LoggerFactory.getLogger(PinAnnouncer.class);

  private final AlertSink alerts;
  private final PinEvents events;
  private final Clock clock;

  PinAnnouncer(AlertSink alerts, PinEvents events, Clock clock) {
    this.alerts = alerts;
    this.events = events;
    this.clock = clock;
  }

  void announce(
      String upstream, ToolPin before, ToolPin after, PinnedVersion version, boolean hold) {
    String tool = after.tool();
    JsonObject details = ToolPins.details(upstream, tool).put("hash", version.hash());
    if (!version.screening().isEmpty()) {
      details.put("screening", version.screening());
    }
    switch (after.status()) {
      case APPROVED -> {
        if (before == null) {
          events.record(
              "tool.pinned", ToolPins.FIREWALL, details.put("by", ToolPin.TRUST_ON_FIRST_USE));
        } else {
          events.record("tool.reverted", ToolPins.FIREWALL, details);
          log.info("upstream '{}' lists the approved definition of '{}' again", upstream, tool);
        }
      }
      case PENDING_NEW -> {
        events.record("tool.pending", ToolPins.FIREWALL, details);
        alert(
            "tool.pending",
            hold ? Alert.Severity.CRITICAL : Alert.Severity.WARNING,
            "upstream '"
                + upstream
                + "' lists a new tool '"
                + tool
                + "' that waits for approval"
                + (hold ? " (screening found poisoning)" : ""),
            upstream,
            tool,
            version.hash(),
            "");
      }
      case PENDING_CHANGE -> {
        PinnedVersion approved = after.approved().orElseThrow();
        List<DefinitionDiff.Change> diff =
            DefinitionDiff.between(
                approved.definition().contract(), version.definition().contract());
        details.put("previousHash", approved.hash()).put("diff", DefinitionDiff.toJson(diff));
        events.record("tool.changed", ToolPins.FIREWALL, details);
        alert(
            "tool.changed",
            Alert.Severity.CRITICAL,
            "upstream '"
                + upstream
                + "' changed the definition of tool '"
                + tool
                + "' ("
                + DefinitionDiff.pointers(diff)
                + "); calls are blocked until an admin approves it",
            upstream,
            tool,
            version.hash(),
            DefinitionDiff.pointers(diff));
      }
      case REJECTED -> {
        // Not reached from a listing: only an admin rejects.
      }
    }
  }

  private void alert(
      String type,
      Alert.Severity severity,
      String summary,
      String upstream,
      String tool,
      String hash,
      String changed) {
    Map<String, String> attributes = new HashMap<>();
    attributes.put("upstream", upstream);
    attributes.put("tool", tool);
    attributes.put("hash", hash);
    if (!changed.isEmpty()) {
      attributes.put("changed", changed);
    }
    alerts.send(new Alert(type, severity, summary, attributes, clock.instant()));
  }
}
