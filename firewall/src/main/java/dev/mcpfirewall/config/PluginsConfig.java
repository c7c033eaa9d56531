package dev.mcpfirewall.config;

import dev.mcpfirewall.pipeline.Verdict;
import dev.mcpfirewall.plugins.api.Direction;
import dev.mcpfirewall.plugins.api.Severity;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The {@code plugins} section: where detector plugins come from, how they run, their settings and
 * the detection policy that turns their findings into verdicts. See docs/detection.md.
 *
 * @param directory plugin archives (zip or jar) to load besides the bundled detectors
 * @param requireSignatures refuse plugin archives not signed by a certificate in {@code trustStore}
 * @param trustStore the certificates plugin archives must be signed with
 * @param deadline how long one detector may take on one message, unless its settings say otherwise
 * @param workers threads running detectors (never the event loop)
 * @param circuitBreaker when a failing detector is taken out, and for how long
 * @param detectors settings per detector id; detectors not named run with {@link
 *     DetectorSettings#defaults()}
 * @param policy findings to verdicts
 * @param maxInspectChars the largest text {@code POST /v1/inspect} accepts
 */
public record PluginsConfig(
    Optional<Path> directory,
    boolean requireSignatures,
    Optional<TrustStore> trustStore,
    Duration deadline,
    int workers,
    Breaker circuitBreaker,
    Map<String, DetectorSettings> detectors,
    DetectionPolicy policy,
    int maxInspectChars) {

  public static final Duration DEFAULT_DEADLINE = Duration.ofMillis(250);
  public static final int DEFAULT_WORKERS =
      Math.max(4, 2 * Runtime.getRuntime().availableProcessors());
  public static final int DEFAULT_MAX_INSPECT_CHARS = 1_000_000;

  public PluginsConfig {
    detectors = Map.copyOf(detectors);
  }

  /** Bundled detectors only, default settings and the built-in policy. */
  public static PluginsConfig defaults() {
    return new PluginsConfig(
        Optional.empty(),
        false,
        Optional.empty(),
        DEFAULT_DEADLINE,
        DEFAULT_WORKERS,
        Breaker.defaults(),
        Map.of(),
        DetectionPolicy.defaults(),
        DEFAULT_MAX_INSPECT_CHARS);
  }

  /** A copy with another plugin directory. */
  public PluginsConfig withDirectory(Path replaced) {
    return new PluginsConfig(
        Optional.ofNullable(replaced),
        requireSignatures,
        trustStore,
        deadline,
        workers,
        circuitBreaker,
        detectors,
        policy,
        maxInspectChars);
  }

  /** A copy with other detector settings. */
  public PluginsConfig withDetectors(Map<String, DetectorSettings> replaced) {
    return new PluginsConfig(
        directory,
        requireSignatures,
        trustStore,
        deadline,
        workers,
        circuitBreaker,
        replaced,
        policy,
        maxInspectChars);
  }

  /** A copy with signature checking on and this trust store. */
  public PluginsConfig withSignatures(TrustStore store) {
    return new PluginsConfig(
        directory,
        true,
        Optional.of(store),
        deadline,
        workers,
        circuitBreaker,
        detectors,
        policy,
        maxInspectChars);
  }

  /** A copy with another detection policy. */
  public PluginsConfig withPolicy(DetectionPolicy replaced) {
    return new PluginsConfig(
        directory,
        requireSignatures,
        trustStore,
        deadline,
        workers,
        circuitBreaker,
        detectors,
        replaced,
        maxInspectChars);
  }

  /** A copy with another breaker. */
  public PluginsConfig withBreaker(Breaker replaced) {
    return new PluginsConfig(
        directory,
        requireSignatures,
        trustStore,
        deadline,
        workers,
        replaced,
        detectors,
        policy,
        maxInspectChars);
  }

  /** The settings of one detector. */
  public DetectorSettings settings(String detectorId) {
    return detectors.getOrDefault(detectorId, DetectorSettings.defaults());
  }

  /** A PKCS12 or JKS key store holding trusted certificates. */
  public record TrustStore(Path path, String type, String password) {
    @Override
    public String toString() {
      return "TrustStore[" + path + ", " + type + "]";
    }
  }

  /**
   * @param failures consecutive failures (errors, timeouts) that open the circuit
   * @param openFor how long an open circuit keeps the detector out before one trial call
   */
  public record Breaker(int failures, Duration openFor) {
    public static final int DEFAULT_FAILURES = 5;
    public static final Duration DEFAULT_OPEN_FOR = Duration.ofSeconds(30);

    public static Breaker defaults() {
      return new Breaker(DEFAULT_FAILURES, DEFAULT_OPEN_FOR);
    }
  }

  /** {@code enforce}: findings lead to verdicts; {@code monitor}: recorded, never above monitor. */
  public enum Mode {
    ENFORCE,
    MONITOR
  }

  /**
   * What a detector's failure (exception, deadline, open circuit) means: {@code closed} blocks the
   * message, {@code open} lets it pass and records the failure.
   */
  public enum FailMode {
    OPEN,
    CLOSED
  }

  /**
   * One detector's settings.
   *
   * @param enabled whether it runs at all
   * @param mode enforce or monitor
   * @param failMode what its failure means
   * @param deadline its own deadline, instead of the section's
   * @param config its configuration object, validated against its JSON Schema
   * @param dataDirectory files it may read when configured (rule files)
   */
  public record DetectorSettings(
      boolean enabled,
      Mode mode,
      FailMode failMode,
      Optional<Duration> deadline,
      Map<String, Object> config,
      Optional<Path> dataDirectory) {

    public static final Mode DEFAULT_MODE = Mode.ENFORCE;
    public static final FailMode DEFAULT_FAIL_MODE = FailMode.CLOSED;

    public DetectorSettings {
      config = config == null ? Map.of() : java.util.Collections.unmodifiableMap(config);
    }

    public static DetectorSettings defaults() {
      return new DetectorSettings(
          true, DEFAULT_MODE, DEFAULT_FAIL_MODE, Optional.empty(), Map.of(), Optional.empty());
    }

    public DetectorSettings withEnabled(boolean replaced) {
      return new DetectorSettings(replaced, mode, failMode, deadline, config, dataDirectory);
    }

    public DetectorSettings withMode(Mode replaced) {
      return new DetectorSettings(enabled, replaced, failMode, deadline, config, dataDirectory);
    }

    public DetectorSettings withFailMode(FailMode replaced) {
      return new DetectorSettings(enabled, mode, replaced, deadline, config, dataDirectory);
    }

    public DetectorSettings withDeadline(Duration replaced) {
      return new DetectorSettings(
          enabled, mode, failMode, Optional.ofNullable(replaced), config, dataDirectory);
    }

    public DetectorSettings withConfig(Map<String, Object> replaced) {
      return new DetectorSettings(enabled, mode, failMode, deadline, replaced, dataDirectory);
    }
  }

  /**
   * One policy rule: findings of {@code category} (prefix match: {@code pii} covers {@code
   * pii.email}) of at least {@code minSeverity}, travelling in {@code direction} (any when empty),
   * get {@code verdict}.
   */
  public record Rule(
      String category, Optional<Direction> direction, Severity minSeverity, Verdict verdict) {}

  /**
   * Findings to verdicts. For each finding the first matching rule wins, looked up in this order:
   * the rules of the message's upstream, the rules of each of the caller's roles (in the order the
   * roles are listed here), the general rules, then (unless {@code builtInDefaults} is false) the
   * built-in defaults. No match: {@code monitor}.
   */
  public record DetectionPolicy(
      List<Rule> rules,
      Map<String, List<Rule>> roles,
      Map<String, List<Rule>> upstreams,
      boolean builtInDefaults) {

    public DetectionPolicy {
      rules = List.copyOf(rules);
      roles = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(roles));
      upstreams = Map.copyOf(upstreams);
    }

    public static DetectionPolicy defaults() {
      return new DetectionPolicy(List.of(), Map.of(), Map.of(), true);
    }
  }
}
