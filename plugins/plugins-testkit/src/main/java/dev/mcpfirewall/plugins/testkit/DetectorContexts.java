package dev.mcpfirewall.plugins.testkit;

import dev.mcpfirewall.plugins.api.DetectorConfig;
import dev.mcpfirewall.plugins.api.DetectorContext;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Map;
import java.util.Optional;

/**
 * The {@link DetectorContext} a detector gets from the firewall, made for tests: the given
 * configuration (not validated against the schema; see {@link SchemaCheck} for that), a clock, a
 * logger and an optional data directory.
 *
 * <pre>{@code
 * Inspector inspector = new MyDetector().configure(DetectorContexts.of(Map.of("word", "x")));
 * }</pre>
 */
public final class DetectorContexts {
  private DetectorContexts() {}

  /** The configuration, the system UTC clock, no data directory. */
  public static DetectorContext of(Map<String, Object> config) {
    return of(config, Clock.systemUTC(), null);
  }

  /** The configuration with a data directory (rule files, say). */
  public static DetectorContext of(Map<String, Object> config, Path dataDirectory) {
    return of(config, Clock.systemUTC(), dataDirectory);
  }

  /**
   * @param dataDirectory may be null
   */
  public static DetectorContext of(Map<String, Object> config, Clock clock, Path dataDirectory) {
    DetectorConfig detectorConfig = new DetectorConfig(config);
    System.Logger logger = System.getLogger("dev.mcpfirewall.detector.test");
    return new DetectorContext() {
      @Override
      public DetectorConfig config() {
        return detectorConfig;
      }

      @Override
      public Clock clock() {
        return clock;
      }

      @Override
      public System.Logger logger() {
        return logger;
      }

      @Override
      public Optional<Path> dataDirectory() {
        return Optional.ofNullable(dataDirectory);
      }
    };
  }
}
