package dev.mcpfirewall.plugins.secrets;

import dev.mcpfirewall.plugins.api.DetectorConfig;
import dev.mcpfirewall.plugins.api.DetectorContext;
import dev.mcpfirewall.plugins.api.Direction;
import dev.mcpfirewall.plugins.api.Inspection;
import dev.mcpfirewall.plugins.api.TextSegment;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/** Detector contexts and inspections for tests. */
final class TestContexts {
  private TestContexts() {}

  static DetectorContext context(Map<String, Object> config) {
    return context(config, null);
  }

  static DetectorContext context(Map<String, Object> config, Path dataDirectory) {
    return new DetectorContext() {
      @Override
      public DetectorConfig config() {
        return new DetectorConfig(config);
      }

      @Override
      public Clock clock() {
        return Clock.systemUTC();
      }

      @Override
      public System.Logger logger() {
        return System.getLogger("test.secrets");
      }

      @Override
      public Optional<Path> dataDirectory() {
        return Optional.ofNullable(dataDirectory);
      }
    };
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
