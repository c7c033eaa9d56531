package dev.mcpfirewall.plugins.secrets;

import dev.mcpfirewall.plugins.api.DetectorContext;
import dev.mcpfirewall.plugins.api.Direction;
import dev.mcpfirewall.plugins.api.Inspection;
import dev.mcpfirewall.plugins.api.TextSegment;
import dev.mcpfirewall.plugins.testkit.DetectorContexts;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** Detector contexts and inspections for tests. */
final class TestContexts {
  private TestContexts() {}

  static DetectorContext context(Map<String, Object> config) {
    return context(config, null);
  }

  static DetectorContext context(Map<String, Object> config, Path dataDirectory) {
    return DetectorContexts.of(config, dataDirectory);
  }

  static Inspection outbound(String text) {
    return new Inspection(
        Direction.OUTBOUND,
        "tools/call",
        "up",
        "tool",
        Set.of(),
        List.of(TextSegment.of("/t", text)));
  }
}
