package dev.mcpfirewall.audit.redact;

import dev.mcpfirewall.plugins.api.Finding;
import io.vertx.core.json.JsonObject;
import java.util.List;

/**
 * Decides what of a message may reach the audit disk. Given the JSON-RPC message and what detectors
 * found in it, returns a redacted copy; the original is never changed.
 */
public interface PayloadRedactor {

  /**
   * @param message the message as it crossed the wire
   * @param findings detector findings whose pointers name strings in it (others are ignored)
   */
  Redacted redact(JsonObject message, List<Finding> findings);

  /**
   * A redacted copy and how many values were redacted.
   *
   * @param rules the rules (finding rules and safety-net names) that caused redactions, sorted
   */
  record Redacted(JsonObject payload, int redactions, List<String> rules) {}
}
