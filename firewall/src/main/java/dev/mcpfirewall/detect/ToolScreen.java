package dev.mcpfirewall.detect;

import dev.mcpfirewall.detect.text.JsonStrings;
import dev.mcpfirewall.detect.text.ScanText;
import dev.mcpfirewall.integrity.ToolDefinitionScreen;
import dev.mcpfirewall.pipeline.Verdict;
import dev.mcpfirewall.plugins.api.Direction;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import java.util.Set;

/**
 * The detector chain as tool pinning's screen: every string of a tool definition (description,
 * title, schema descriptions and enums, annotations) is scanned with direction {@link
 * Direction#TOOL_DESCRIPTION}. Pointers are relative to the definition, e.g. {@code /description}.
 */
public final class ToolScreen implements ToolDefinitionScreen {
  private final ContentScanner scanner;

  public ToolScreen(ContentScanner scanner) {
    this.scanner = scanner;
  }

  @Override
  public Future<Screening> screen(String upstream, JsonObject definition) {
    return judge(upstream, definition)
        .map(j -> new Screening(j.plainFindings(), j.verdict() == Verdict.BLOCK));
  }

  /** The findings with their verdicts, for callers that act on policy (hold a blocked tool). */
  public Future<Judgement> judge(String upstream, JsonObject definition) {
    if (scanner.idle()) {
      return Future.succeededFuture(Judgement.NONE);
    }
    ScanText.Builder text = ScanText.builder();
    JsonStrings.walk(definition, "", text);
    Object name = definition.getValue("name");
    return scanner.scan(
        text.build(),
        Direction.TOOL_DESCRIPTION,
        "tools/list",
        upstream,
        name instanceof String s ? s : "",
        Set.of());
  }
}
