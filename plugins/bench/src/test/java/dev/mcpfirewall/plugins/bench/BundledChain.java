package dev.mcpfirewall.plugins.bench;

import dev.mcpfirewall.plugins.api.Detector;
import dev.mcpfirewall.plugins.api.DetectorContext;
import dev.mcpfirewall.plugins.api.Direction;
import dev.mcpfirewall.plugins.api.Finding;
import dev.mcpfirewall.plugins.api.Inspection;
import dev.mcpfirewall.plugins.api.Inspector;
import dev.mcpfirewall.plugins.api.TextSegment;
import dev.mcpfirewall.plugins.pii.PiiDetector;
import dev.mcpfirewall.plugins.promptinjection.PromptInjectionDetector;
import dev.mcpfirewall.plugins.secrets.SecretsDetector;
import dev.mcpfirewall.plugins.testkit.DetectorContexts;
import dev.mcpfirewall.plugins.toolpoisoning.ToolPoisoningDetector;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** The four bundled detectors with their default configuration, as the firewall runs them. */
final class BundledChain {
  final Map<String, Inspector> inspectors = new LinkedHashMap<>();

  BundledChain() {
    for (Detector detector :
        List.of(
            new SecretsDetector(),
            new PromptInjectionDetector(),
            new PiiDetector(),
            new ToolPoisoningDetector())) {
      inspectors.put(detector.id(), detector.configure(context()));
    }
  }

  Inspector inspector(String id) {
    return inspectors.get(id);
  }

  /** All findings of all four detectors. */
  List<Finding> inspect(Inspection inspection) {
    List<Finding> findings = new ArrayList<>();
    for (Inspector inspector : inspectors.values()) {
      findings.addAll(inspector.inspect(inspection));
    }
    return findings;
  }

  static Inspection inspection(Direction direction, String text) {
    return new Inspection(
        direction, "tools/call", "bench", "tool", Set.of(), List.of(TextSegment.of("/text", text)));
  }

  static DetectorContext context() {
    return context(Map.of());
  }

  static DetectorContext context(Map<String, Object> config) {
    return context(config, null);
  }

  static DetectorContext context(Map<String, Object> config, java.nio.file.Path dataDirectory) {
    return DetectorContexts.of(config, dataDirectory);
  }
}
