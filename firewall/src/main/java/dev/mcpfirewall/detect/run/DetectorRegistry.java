package dev.mcpfirewall.detect.run;

import dev.mcpfirewall.alert.AlertSink;
import dev.mcpfirewall.config.PluginsConfig;
import dev.mcpfirewall.config.PluginsConfig.DetectorSettings;
import dev.mcpfirewall.detect.host.DetectorSchemas;
import dev.mcpfirewall.detect.host.InstalledDetector;
import dev.mcpfirewall.detect.host.PluginHost;
import dev.mcpfirewall.detect.host.PluginRefusal;
import dev.mcpfirewall.detect.host.PluginSet;
import dev.mcpfirewall.plugins.api.DetectorConfig;
import dev.mcpfirewall.plugins.api.Inspector;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The detectors of a running node and their settings, changed at run time without a restart:
 * enable, disable, switch mode or fail mode, reconfigure (validated against the detector's schema
 * first), reload plugin archives. Every change builds a new {@link DetectorChain} and swaps it in
 * at once; calls in flight finish on the chain they started with. Changes are serialised.
 */
public final class DetectorRegistry implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(DetectorRegistry.class);
  private static final Logger adminLog = LoggerFactory.getLogger("dev.mcpfirewall.admin.actions");

  /** The built-in hidden-text rule's id; it takes the same settings as any detector. */
  public static final String HIDDEN_TEXT = "hidden-text";

  private final PluginsConfig config;
  private final PluginHost host;
  private final DetectorPool pool;
  private final DetectorSchemas schemas = new DetectorSchemas();
  private final DetectorMetrics metrics;
  private final AlertSink alerts;
  private final Clock clock;
  // Read on event loops for every message, so never behind the lock that configure() runs under:
  // settings is replaced whole (copy on write), the rest is concurrent or volatile.
  private final Map<String, CircuitBreaker> breakers = new ConcurrentHashMap<>();
  private final Map<String, AtomicInteger> stuck = new ConcurrentHashMap<>();
  private volatile Map<String, DetectorSettings> settings;
  private final Map<String, Inspector> inspectors = new HashMap<>();
  private volatile PluginSet plugins;
  private volatile DetectorChain chain;

  public DetectorRegistry(
      PluginsConfig config,
      PluginHost host,
      DetectorPool pool,
      DetectorMetrics metrics,
      AlertSink alerts,
      Clock clock) {
    this.config = config;
    this.host = host;
    this.pool = pool;
    this.metrics = metrics;
    this.alerts = alerts;
    this.clock = clock;
    this.chain = new DetectorChain(List.of(), pool, metrics, alerts, clock);
    this.settings = Map.copyOf(config.detectors());
  }

  /** The chain in force now. */
  public DetectorChain chain() {
    return chain;
  }

  public DetectorPool pool() {
    return pool;
  }

  /** Settings of the detector (or the built-in rule) with this id. Lock-free. */
  public DetectorSettings settings(String id) {
    return settings.getOrDefault(id, DetectorSettings.defaults());
  }

  /**
   * Loads plugins and configures every detector. Fails, naming the configuration path, when a
   * configured detector is missing or its configuration is invalid: the node does not start with a
   * control silently missing.
   */
  public CompletableFuture<Void> start() {
    return pool.submit(
        () -> {
          synchronized (this) {
            PluginSet loaded = host.load();
            List<String> problems = new ArrayList<>();
            for (String id : config.detectors().keySet()) {
              boolean known =
                  id.equals(HIDDEN_TEXT)
                      || loaded.detectors().stream().anyMatch(d -> d.id().equals(id));
              if (!known && config.detectors().get(id).enabled()) {
                problems.add(
                    "/plugins/detectors/"
                        + id
                        + ": no detector with this id is installed (installed: "
                        + loaded.detectors().stream().map(InstalledDetector::id).toList()
                        + refusals(loaded)
                        + ")");
              }
            }
            Map<String, Inspector> built = new HashMap<>();
            for (InstalledDetector d : loaded.detectors()) {
              DetectorSettings s = settings(d.id());
              if (!s.enabled()) {
                continue;
              }
              try {
                built.put(d.id(), configure(d, s));
              } catch (IllegalArgumentException e) {
                problems.add(e.getMessage());
              }
            }
            if (!problems.isEmpty()) {
              loaded.close();
              throw new IllegalArgumentException(
                  "detector configuration is invalid:\n  " + String.join("\n  ", problems));
            }
            plugins = loaded;
            inspectors.putAll(built);
            rebuild();
            return null;
          }
        });
  }

  private static String refusals(PluginSet loaded) {
    return loaded.refused().isEmpty()
        ? ""
        : "; refused: " + loaded.refused().stream().map(PluginRefusal::getMessage).toList();
  }

  /**
   * Applies new settings to one detector: validates its configuration, configures it, and swaps the
   * chain. The previous inspector serves until then.
   *
   * @throws IllegalArgumentException (in the future) naming what is wrong; nothing changed
   * @throws java.util.NoSuchElementException (in the future) when no such detector is installed
   */
  public CompletableFuture<DetectorSettings> update(
      String id, DetectorSettings replaced, String by) {
    return pool.submit(
        () -> {
          synchronized (this) {
            if (id.equals(HIDDEN_TEXT)) {
              put(id, replaced);
              rebuild();
              adminLog.info(
                  "admin action: detector {} set to {} by {}", id, describe(replaced), by);
              return replaced;
            }
            InstalledDetector d = installed(id);
            if (replaced.enabled()) {
              inspectors.put(id, configure(d, replaced));
            } else {
              inspectors.remove(id);
            }
            put(id, replaced);
            if (replaced.enabled()) {
              breaker(id).success();
            }
            rebuild();
            adminLog.info("admin action: detector {} set to {} by {}", id, describe(replaced), by);
            return replaced;
          }
        });
  }

  /**
   * Re-reads the plugin directory and reconfigures every detector; keeps the old set on failure.
   */
  public CompletableFuture<PluginSet> reload(String by) {
    return pool.submit(
        () -> {
          synchronized (this) {
            PluginSet loaded = host.load();
            Map<String, Inspector> built = new HashMap<>();
            List<String> problems = new ArrayList<>();
            for (InstalledDetector d : loaded.detectors()) {
              DetectorSettings s = settings(d.id());
              if (s.enabled()) {
                try {
                  built.put(d.id(), configure(d, s));
                } catch (IllegalArgumentException e) {
                  problems.add(e.getMessage());
                }
              }
            }
            if (!problems.isEmpty()) {
              loaded.close();
              throw new IllegalArgumentException(
                  "reload refused, the running detectors stay: " + String.join("; ", problems));
            }
            PluginSet old = plugins;
            plugins = loaded;
            inspectors.clear();
            inspectors.putAll(built);
            rebuild();
            if (old != null) {
              old.close();
            }
            adminLog.info("admin action: plugins reloaded by {}: {}", by, loaded.loaded());
            return loaded;
          }
        });
  }

  private void put(String id, DetectorSettings replaced) {
    Map<String, DetectorSettings> copy = new LinkedHashMap<>(settings);
    copy.put(id, replaced);
    settings = Map.copyOf(copy);
  }

  /** Validates {@code config} against the detector's schema without applying it. */
  public List<String> validate(String id, Map<String, Object> detectorConfig) {
    InstalledDetector d = installed(id);
    return schemas.validate(
        id, d.detector().configSchema(), detectorConfig, "/plugins/detectors/" + id + "/config");
  }

  private InstalledDetector installed(String id) {
    if (plugins != null) {
      for (InstalledDetector d : plugins.detectors()) {
        if (d.id().equals(id)) {
          return d;
        }
      }
    }
    throw new java.util.NoSuchElementException("no detector with id '" + id + "' is installed");
  }

  private Inspector configure(InstalledDetector d, DetectorSettings s) {
    List<String> problems =
        schemas.validate(
            d.id(),
            d.detector().configSchema(),
            s.config(),
            "/plugins/detectors/" + d.id() + "/config");
    if (!problems.isEmpty()) {
      throw new IllegalArgumentException(String.join("; ", problems));
    }
    ClassLoader previous = Thread.currentThread().getContextClassLoader();
    Thread.currentThread().setContextClassLoader(d.detector().getClass().getClassLoader());
    try {
      Inspector inspector =
          d.detector()
              .configure(
                  new HostContext(
                      new DetectorConfig(s.config()),
                      clock,
                      System.getLogger("dev.mcpfirewall.detector." + d.id()),
                      s.dataDirectory()));
      if (inspector == null) {
        throw new IllegalArgumentException(
            "/plugins/detectors/" + d.id() + ": the detector returned no inspector");
      }
      return inspector;
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(
          "/plugins/detectors/" + d.id() + "/config: " + e.getMessage());
    } catch (RuntimeException | LinkageError e) {
      throw new IllegalArgumentException(
          "/plugins/detectors/" + d.id() + ": the detector failed to configure: " + e);
    } finally {
      Thread.currentThread().setContextClassLoader(previous);
    }
  }

  private CircuitBreaker breaker(String id) {
    return breakers.computeIfAbsent(
        id,
        k ->
            new CircuitBreaker(
                config.circuitBreaker().failures(), config.circuitBreaker().openFor(), clock));
  }

  private void rebuild() {
    List<ActiveDetector> active = new ArrayList<>();
    if (plugins != null) {
      for (InstalledDetector d : plugins.detectors()) {
        DetectorSettings s = settings(d.id());
        Inspector inspector = inspectors.get(d.id());
        if (!s.enabled() || inspector == null) {
          continue;
        }
        active.add(
            new ActiveDetector(
                d.id(),
                d.origin(),
                s,
                inspector,
                s.deadline().orElse(config.deadline()),
                breaker(d.id()),
                stuck.computeIfAbsent(d.id(), k -> new AtomicInteger())));
      }
    }
    chain = new DetectorChain(active, pool, metrics, alerts, clock);
    log.debug("detector chain now {}", active.stream().map(ActiveDetector::id).toList());
  }

  private static String describe(DetectorSettings s) {
    return (s.enabled() ? "enabled" : "disabled")
        + ", "
        + s.mode().name().toLowerCase(java.util.Locale.ROOT)
        + ", fail "
        + s.failMode().name().toLowerCase(java.util.Locale.ROOT);
  }

  /** Everything installed, with settings and state, for the admin API. */
  public List<Status> status() {
    PluginSet plugins = this.plugins;
    List<Status> all = new ArrayList<>();
    all.add(new Status(HIDDEN_TEXT, "built-in", settings(HIDDEN_TEXT), "closed", 0, "{}"));
    if (plugins != null) {
      for (InstalledDetector d : plugins.detectors()) {
        CircuitBreaker b = breaker(d.id());
        all.add(
            new Status(
                d.id(),
                d.origin(),
                settings(d.id()),
                b.state().name().toLowerCase(java.util.Locale.ROOT).replace('_', '-'),
                b.failures(),
                d.detector().configSchema()));
      }
    }
    return all;
  }

  /** Archives loaded and refused in the current generation. */
  public Optional<PluginSet> plugins() {
    return Optional.ofNullable(plugins);
  }

  /** One detector as the admin API shows it. */
  public record Status(
      String id,
      String origin,
      DetectorSettings settings,
      String circuit,
      int consecutiveFailures,
      String configSchema) {}

  @Override
  public void close() {
    if (plugins != null) {
      plugins.close();
    }
    pool.close();
  }
}
