package dev.mcpfirewall.plugins.api;

import java.nio.file.Path;
import java.time.Clock;
import java.util.Optional;

/**
 * What the firewall gives a detector: its configuration, a clock and a logger. Deliberately narrow:
 * no server, network or plugin manager handles.
 */
public interface DetectorContext {

  /** The detector's configuration, validated against its schema. */
  DetectorConfig config();

  /** The firewall's clock; use it instead of {@link System#currentTimeMillis()}. */
  Clock clock();

  /** A logger named after the detector. */
  System.Logger logger();

  /**
   * A directory of files the admin configured for this detector (rule files, say), resolved and
   * readable; empty when none was configured. Read it in {@link Detector#configure}, never in
   * {@link Inspector#inspect}.
   */
  default Optional<Path> dataDirectory() {
    return Optional.empty();
  }
}
