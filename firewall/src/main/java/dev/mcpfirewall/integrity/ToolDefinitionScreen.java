package dev.mcpfirewall.integrity;

import dev.mcpfirewall.plugins.api.Finding;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import java.util.List;

/**
 * Screens a tool's advertised definition (description, schema texts, annotations) for poisoning
 * before it is pinned: hidden instructions, smuggled characters, references to other servers'
 * tools. The detector platform implements it by running the detector chain with direction {@code
 * TOOL_DESCRIPTION}; {@link #NONE} is used until detectors are configured.
 */
@FunctionalInterface
public interface ToolDefinitionScreen {

  /** Finds nothing. */
  ToolDefinitionScreen NONE = (upstream, definition) -> Future.succeededFuture(List.of());

  /**
   * @param upstream the upstream that listed the tool
   * @param definition the tool object exactly as listed ({@code name}, {@code description}, {@code
   *     inputSchema}, {@code outputSchema}, {@code annotations}, ...)
   * @return what the detectors found; a failed future when screening itself failed
   */
  Future<List<Finding>> screen(String upstream, JsonObject definition);
}
