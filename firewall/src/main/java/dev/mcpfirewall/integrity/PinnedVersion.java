package dev.mcpfirewall.integrity;

import io.vertx.core.json.JsonArray;
import java.time.Instant;

/**
 * One version of a tool's definition as the firewall saw it.
 *
 * @param definition the definition and its hash
 * @param seen when the firewall first saw this version listed
 * @param screening what the detector chain found in it (category, severity, rule, pointer per
 *     entry; never the matched text); empty when nothing was found or no detector ran
 */
public record PinnedVersion(ToolDefinition definition, Instant seen, JsonArray screening) {

  public PinnedVersion {
    screening = screening == null ? new JsonArray() : screening;
  }

  public String hash() {
    return definition.hash();
  }
}
