package dev.mcpfirewall.integrity;

import dev.mcpfirewall.plugins.api.Finding;
import dev.mcpfirewall.plugins.api.Severity;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import java.util.List;

/**
 * Screens a tool's advertised definition (description, schema texts, annotations) for poisoning
 * before it is pinned: hidden instructions, smuggled characters, references to other servers'
 * tools. The detector platform implements it by running the detector chain with direction {@code
 * TOOL_DESCRIPTION} and its content policy; {@link #NONE} finds nothing.
 */
@FunctionalInterface
public interface ToolDefinitionScreen {

  /** Finds nothing. */
  ToolDefinitionScreen NONE =
      (upstream, definition) -> Future.succeededFuture(Screening.of(List.of()));

  /**
   * @param upstream the upstream that listed the tool
   * @param definition the tool object exactly as listed ({@code name}, {@code description}, {@code
   *     inputSchema}, {@code outputSchema}, {@code annotations}, ...)
   * @return what the detectors found and whether policy holds the tool; a failed future when
   *     screening itself failed
   */
  Future<Screening> screen(String upstream, JsonObject definition);

  /**
   * What screening found.
   *
   * @param findings the findings (never the matched text itself)
   * @param hold true when the content policy blocks the definition: a new tool then waits for an
   *     admin even under trust on first use
   */
  record Screening(List<Finding> findings, boolean hold) {
    public Screening {
      findings = List.copyOf(findings);
    }

    /** Findings without a policy: held when any is of severity {@code HIGH} or more. */
    public static Screening of(List<Finding> findings) {
      return new Screening(
          findings, findings.stream().anyMatch(f -> f.severity().atLeast(Severity.HIGH)));
    }
  }
}
