package dev.mcpfirewall.config;

import static dev.mcpfirewall.config.PlainValues.asObject;
import static dev.mcpfirewall.config.PlainValues.bool;
import static dev.mcpfirewall.config.PlainValues.duration;
import static dev.mcpfirewall.config.PlainValues.integer;
import static dev.mcpfirewall.config.PlainValues.list;
import static dev.mcpfirewall.config.PlainValues.object;
import static dev.mcpfirewall.config.PlainValues.path;
import static dev.mcpfirewall.config.PlainValues.string;

import dev.mcpfirewall.config.PluginsConfig.Breaker;
import dev.mcpfirewall.config.PluginsConfig.DetectionPolicy;
import dev.mcpfirewall.config.PluginsConfig.DetectorSettings;
import dev.mcpfirewall.config.PluginsConfig.FailMode;
import dev.mcpfirewall.config.PluginsConfig.Mode;
import dev.mcpfirewall.config.PluginsConfig.Rule;
import dev.mcpfirewall.config.PluginsConfig.TrustStore;
import dev.mcpfirewall.pipeline.Verdict;
import dev.mcpfirewall.plugins.api.Direction;
import dev.mcpfirewall.plugins.api.Severity;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Binds the validated {@code plugins} section to {@link PluginsConfig}. Detector configurations are
 * checked against each detector's own schema later, when the detectors are loaded, with errors
 * naming {@code /plugins/detectors/{id}/config/...}.
 */
final class PluginsSection {

  private PluginsSection() {}

  /** What the schema cannot say: signatures required means a trust store is needed. */
  static List<ConfigProblem> check(Object document) {
    if (!(document instanceof Map<?, ?> root)
        || !(root.get("plugins") instanceof Map<?, ?> plugins)) {
      return List.of();
    }
    if (Boolean.TRUE.equals(plugins.get("requireSignatures"))
        && plugins.get("trustStore") == null) {
      return List.of(
          ConfigProblem.at(
              "/plugins/requireSignatures",
              "needs plugins.trustStore: the certificates plugin archives must be signed with"));
    }
    return List.of();
  }

  static PluginsConfig bind(Map<String, Object> root, Optional<Path> directory) {
    Map<String, Object> plugins = object(root, "plugins");
    Map<String, Object> breaker = object(plugins, "circuitBreaker");
    Map<String, DetectorSettings> detectors = new LinkedHashMap<>();
    object(plugins, "detectors")
        .forEach((id, s) -> detectors.put(id, settings(asObject(s), directory)));
    return new PluginsConfig(
        Optional.ofNullable((String) plugins.get("directory")).map(d -> path(d, directory)),
        bool(plugins.get("requireSignatures"), false),
        Optional.ofNullable(plugins.get("trustStore"))
            .map(PlainValues::asObject)
            .map(
                t ->
                    new TrustStore(
                        path((String) t.get("path"), directory),
                        string(t.get("type"), "PKCS12"),
                        (String) t.get("password"))),
        duration(plugins.get("deadline"), PluginsConfig.DEFAULT_DEADLINE),
        integer(plugins.get("workers"), PluginsConfig.DEFAULT_WORKERS),
        new Breaker(
            integer(breaker.get("failures"), Breaker.DEFAULT_FAILURES),
            duration(breaker.get("openFor"), Breaker.DEFAULT_OPEN_FOR)),
        detectors,
        policy(object(plugins, "policy")),
        integer(plugins.get("maxInspectChars"), PluginsConfig.DEFAULT_MAX_INSPECT_CHARS));
  }

  private static DetectorSettings settings(Map<String, Object> s, Optional<Path> directory) {
    return new DetectorSettings(
        bool(s.get("enabled"), true),
        Mode.valueOf(string(s.get("mode"), "enforce").toUpperCase(Locale.ROOT)),
        FailMode.valueOf(string(s.get("failMode"), "closed").toUpperCase(Locale.ROOT)),
        Optional.ofNullable(s.get("deadline"))
            .map(d -> duration(d, PluginsConfig.DEFAULT_DEADLINE)),
        object(s, "config"),
        Optional.ofNullable((String) s.get("dataDirectory")).map(d -> path(d, directory)));
  }

  private static DetectionPolicy policy(Map<String, Object> policy) {
    Map<String, List<Rule>> roles = new LinkedHashMap<>();
    object(policy, "roles").forEach((role, rules) -> roles.put(role, rules(rules)));
    Map<String, List<Rule>> upstreams = new LinkedHashMap<>();
    object(policy, "upstreams").forEach((name, rules) -> upstreams.put(name, rules(rules)));
    return new DetectionPolicy(
        rules(policy.get("rules")), roles, upstreams, bool(policy.get("builtInDefaults"), true));
  }

  private static List<Rule> rules(Object rules) {
    return list(rules).stream().map(r -> rule(asObject(r))).toList();
  }

  private static Rule rule(Map<String, Object> r) {
    return new Rule(
        (String) r.get("category"),
        Optional.ofNullable((String) r.get("direction"))
            .map(d -> Direction.valueOf(d.toUpperCase(Locale.ROOT).replace('-', '_'))),
        Severity.valueOf(string(r.get("minSeverity"), "info").toUpperCase(Locale.ROOT)),
        Verdict.valueOf(((String) r.get("verdict")).toUpperCase(Locale.ROOT)));
  }
}
