package dev.mcpfirewall.detect;

import dev.mcpfirewall.config.PluginsConfig;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

/** The bundled detectors' ids, for tests that exercise the platform with test detectors only. */
final class BundledDetectors {
  static final List<String> IDS = List.of("secrets", "prompt-injection", "pii", "tool-poisoning");

  private BundledDetectors() {}

  /** Settings that switch every bundled detector off. */
  static Map<String, PluginsConfig.DetectorSettings> off() {
    return IDS.stream()
        .collect(
            Collectors.toMap(
                Function.identity(),
                id -> PluginsConfig.DetectorSettings.defaults().withEnabled(false)));
  }
}
