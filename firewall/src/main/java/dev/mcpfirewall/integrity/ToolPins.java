package dev.mcpfirewall.integrity;

import dev.mcpfirewall.alert.AlertSink;
import dev.mcpfirewall.config.ToolIntegrityConfig;
import dev.mcpfirewall.pipeline.FailureKind;
import dev.mcpfirewall.pipeline.FirewallFailure;
import dev.mcpfirewall.plugins.api.Finding;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.WorkerExecutor;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The pins of every tool of every upstream: what each {@code tools/list} is checked against. A tool
 * seen for the first time is approved (trust on first use) or waits for an admin, by the upstream's
 * policy; a tool whose definition changed is held, alerted and recorded with the diff until an
 * admin approves or rejects the new version. Screening by the detector chain holds a new tool whose
 * definition looks poisoned even under trust on first use.
 *
 * <p>Read on every {@code tools/call} from any event loop (lock-free); changed rarely. Changes are
 * saved to the {@link PinStore} one at a time on a worker thread.
 */
public final class ToolPins {
  private static final Logger log = LoggerFactory.getLogger(ToolPins.class);

  /** The most tools pinned per upstream; tools past it stay unknown and uncallable. */
  public static final int DEFAULT_MAX_TOOLS_PER_UPSTREAM = 10_000;

  static final String FIREWALL = "firewall";

  private final WorkerExecutor worker;
  private final PinStore store;
  private final Function<String, ToolIntegrityConfig> policies;
  private final ToolDefinitionScreen screen;
  private final PinEvents events;
  private final PinAnnouncer announcer;
  private final Clock clock;
  private final int maxToolsPerUpstream;
  private final Map<String, Map<String, ToolPin>> byUpstream = new ConcurrentHashMap<>();
  private volatile Future<Void> lastSave = Future.succeededFuture();

  private ToolPins(
      WorkerExecutor worker,
      PinStore store,
      Function<String, ToolIntegrityConfig> policies,
      ToolDefinitionScreen screen,
      AlertSink alerts,
      PinEvents events,
      Clock clock,
      int maxToolsPerUpstream) {
    this.worker = worker;
    this.store = store;
    this.policies = policies;
    this.screen = screen;
    this.events = events;
    this.announcer = new PinAnnouncer(alerts, events, clock);
    this.clock = clock;
    this.maxToolsPerUpstream = maxToolsPerUpstream;
  }

  /**
   * Loads the pins from {@code store} and returns the registry.
   *
   * @param policies the integrity policy of each upstream, by name
   */
  public static Future<ToolPins> open(
      Vertx vertx,
      PinStore store,
      Function<String, ToolIntegrityConfig> policies,
      ToolDefinitionScreen screen,
      AlertSink alerts,
      PinEvents events,
      Clock clock) {
    WorkerExecutor worker = vertx.createSharedWorkerExecutor("mcp-firewall-tool-pins", 1);
    ToolPins pins =
        new ToolPins(
            worker, store, policies, screen, alerts, events, clock, DEFAULT_MAX_TOOLS_PER_UPSTREAM);
    return worker
        .executeBlocking(store::load)
        .map(
            loaded -> {
              for (ToolPin pin : loaded) {
                pins.tools(pin.upstream()).put(pin.tool(), pin);
              }
              return pins;
            })
        .onFailure(e -> worker.close());
  }

  /** Stops the worker once the last save finished. */
  public Future<Void> close() {
    return lastSave.otherwiseEmpty().eventually(worker::close);
  }

  /** The pin of a tool, if the upstream ever listed it. */
  public Optional<ToolPin> pin(String upstream, String tool) {
    Map<String, ToolPin> tools = byUpstream.get(upstream);
    return tools == null ? Optional.empty() : Optional.ofNullable(tools.get(tool));
  }

  /** Every pin, by upstream and tool name. */
  public List<ToolPin> pins() {
    List<ToolPin> all = new ArrayList<>();
    byUpstream.values().forEach(tools -> all.addAll(tools.values()));
    all.sort(Comparator.comparing(ToolPin::upstream).thenComparing(ToolPin::tool));
    return all;
  }

  /** The upstream's integrity policy. */
  public ToolIntegrityConfig policy(String upstream) {
    return policies.apply(upstream);
  }

  /**
   * True when the upstream's policy blocks it as a whole while one of its tools has a changed
   * definition that is not approved.
   */
  public boolean held(String upstream) {
    if (policy(upstream).onChange() != ToolIntegrityConfig.ChangeScope.UPSTREAM) {
      return false;
    }
    Map<String, ToolPin> tools = byUpstream.get(upstream);
    if (tools == null) {
      return false;
    }
    for (ToolPin pin : tools.values()) {
      if (pin.approved().isPresent() && pin.candidate().isPresent()) {
        return true;
      }
    }
    return false;
  }

  /**
   * Checks one page of a {@code tools/list} result against the pins, screening new and changed
   * definitions, and records what changed. Completes once the pins are updated in memory (saving
   * continues in the background).
   */
  public Future<Void> observe(String upstream, JsonArray listed) {
    List<PinnedVersion> fresh = new ArrayList<>();
    List<JsonObject> freshTools = new ArrayList<>();
    Instant now = clock.instant();
    for (int i = 0; i < listed.size(); i++) {
      if (!(listed.getValue(i) instanceof JsonObject tool)
          || !(tool.getValue("name") instanceof String)) {
        continue;
      }
      ToolDefinition definition = ToolDefinition.of(tool);
      Optional<ToolPin> pin = pin(upstream, definition.name());
      if (pin.isPresent() && pin.get().current().hash().equals(definition.hash())) {
        continue;
      }
      fresh.add(new PinnedVersion(definition, now, new JsonArray()));
      freshTools.add(tool);
    }
    if (fresh.isEmpty()) {
      return Future.succeededFuture();
    }
    List<Future<ToolDefinitionScreen.Screening>> screenings = new ArrayList<>(fresh.size());
    for (JsonObject tool : freshTools) {
      screenings.add(screening(upstream, tool));
    }
    return Future.join(screenings)
        .transform(
            ignored -> {
              boolean changed = false;
              for (int i = 0; i < fresh.size(); i++) {
                PinnedVersion version = fresh.get(i);
                ToolDefinitionScreen.Screening screening = screenings.get(i).result();
                changed |=
                    apply(
                        upstream,
                        new PinnedVersion(
                            version.definition(), version.seen(), summary(screening.findings())),
                        screening.hold(),
                        now);
              }
              if (changed) {
                save();
              }
              return Future.succeededFuture();
            });
  }

  /**
   * Approves the version of a tool the upstream lists now.
   *
   * @param hash the hash of the version the admin reviewed; a different current version is not
   *     approved (the definition changed again since the admin looked)
   */
  public Future<ToolPin> approve(String upstream, String tool, String hash, String actor) {
    return decide(upstream, tool, hash, actor, true);
  }

  /** Rejects the version of a tool the upstream lists now; calls stay blocked. */
  public Future<ToolPin> reject(String upstream, String tool, String hash, String actor) {
    return decide(upstream, tool, hash, actor, false);
  }

  private Future<ToolPin> decide(
      String upstream, String tool, String hash, String actor, boolean approve) {
    Map<String, ToolPin> tools = tools(upstream);
    ToolPin[] decided = new ToolPin[2];
    FirewallFailure[] refused = new FirewallFailure[1];
    tools.computeIfPresent(
        tool,
        (name, pin) -> {
          if (pin.candidate().isEmpty()) {
            refused[0] =
                new FirewallFailure(
                    FailureKind.CONFLICT,
                    "tool '" + tool + "' of upstream '" + upstream + "' has nothing to decide");
            return pin;
          }
          if (!pin.candidate().get().hash().equals(hash)) {
            refused[0] =
                new FirewallFailure(
                    FailureKind.CONFLICT,
                    "tool '"
                        + tool
                        + "' now lists version "
                        + pin.candidate().get().hash()
                        + ", not "
                        + hash
                        + "; review it again");
            return pin;
          }
          decided[0] = pin;
          decided[1] =
              approve ? pin.approveCandidate(actor, clock.instant()) : pin.rejectCandidate();
          return decided[1];
        });
    if (refused[0] != null) {
      return Future.failedFuture(refused[0]);
    }
    if (decided[1] == null) {
      return Future.failedFuture(
          new FirewallFailure(
              FailureKind.NOT_FOUND,
              "upstream '" + upstream + "' has never listed a tool named '" + tool + "'"));
    }
    JsonObject details = details(upstream, tool).put("hash", hash);
    decided[0].approved().ifPresent(v -> details.put("previousHash", v.hash()));
    events.record(approve ? "tool.approved" : "tool.rejected", actor, details);
    save();
    return Future.succeededFuture(decided[1]);
  }

  private boolean apply(String upstream, PinnedVersion version, boolean hold, Instant now) {
    Map<String, ToolPin> tools = tools(upstream);
    String name = version.definition().name();
    if (!tools.containsKey(name) && tools.size() >= maxToolsPerUpstream) {
      log.warn(
          "upstream '{}' listed more than {} tools; '{}' stays unknown and cannot be called",
          upstream,
          maxToolsPerUpstream,
          name);
      return false;
    }
    ToolPin[] before = new ToolPin[1];
    ToolPin after =
        tools.compute(
            name,
            (n, pin) -> {
              before[0] = pin;
              return next(upstream, pin, version, hold, now);
            });
    if (before[0] == after) {
      return false;
    }
    announcer.announce(upstream, before[0], after, version, hold);
    return true;
  }

  /** The pin after {@code version} was listed; {@code pin} itself when nothing changes. */
  private ToolPin next(
      String upstream, ToolPin pin, PinnedVersion version, boolean hold, Instant now) {
    if (pin == null) {
      boolean trusted =
          policy(upstream).newTools() == ToolIntegrityConfig.NewTools.TRUST_ON_FIRST_USE && !hold;
      return trusted
          ? ToolPin.approvedOnSight(upstream, version, ToolPin.TRUST_ON_FIRST_USE, now)
          : ToolPin.pendingNew(upstream, version);
    }
    if (pin.current().hash().equals(version.hash())) {
      return pin;
    }
    if (pin.approved().isPresent() && pin.approved().get().hash().equals(version.hash())) {
      return pin.withoutCandidate();
    }
    return pin.withCandidate(version);
  }

  private Future<ToolDefinitionScreen.Screening> screening(String upstream, JsonObject tool) {
    Future<ToolDefinitionScreen.Screening> screened;
    try {
      screened = screen.screen(upstream, tool);
    } catch (RuntimeException e) {
      screened = Future.failedFuture(e);
    }
    return screened.recover(
        e -> {
          log.warn(
              "screening of tool '{}' of upstream '{}' failed: {}",
              tool.getValue("name"),
              upstream,
              e.toString());
          return Future.succeededFuture(ToolDefinitionScreen.Screening.of(List.of()));
        });
  }

  private static JsonArray summary(List<Finding> findings) {
    JsonArray out = new JsonArray();
    for (Finding f : findings) {
      out.add(
          new JsonObject()
              .put("category", f.category())
              .put("severity", f.severity().name().toLowerCase(java.util.Locale.ROOT))
              .put("rule", f.rule())
              .put("confidence", f.confidence())
              .put("pointer", f.pointer()));
    }
    return out;
  }

  static JsonObject details(String upstream, String tool) {
    return new JsonObject().put("upstream", upstream).put("tool", tool);
  }

  private Map<String, ToolPin> tools(String upstream) {
    return byUpstream.computeIfAbsent(upstream, u -> new ConcurrentHashMap<>());
  }

  /** Saves a snapshot on the worker; saves run one at a time, in order. */
  private synchronized void save() {
    List<ToolPin> snapshot = pins();
    lastSave =
        worker
            .<Void>executeBlocking(
                () -> {
                  store.save(snapshot);
                  return null;
                },
                true)
            .onFailure(e -> log.error("could not save the tool pins: {}", e.toString()));
  }
}
