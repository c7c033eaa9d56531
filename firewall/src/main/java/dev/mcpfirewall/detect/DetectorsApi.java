package dev.mcpfirewall.detect;

import dev.mcpfirewall.admin.AdminAuditor;
import dev.mcpfirewall.admin.AdminRoutes;
import dev.mcpfirewall.config.DurationParser;
import dev.mcpfirewall.config.PluginsConfig.DetectorSettings;
import dev.mcpfirewall.config.PluginsConfig.FailMode;
import dev.mcpfirewall.config.PluginsConfig.Mode;
import dev.mcpfirewall.detect.host.PluginRefusal;
import dev.mcpfirewall.detect.host.PluginSet;
import dev.mcpfirewall.detect.run.DetectorRegistry;
import dev.mcpfirewall.pipeline.FailureKind;
import dev.mcpfirewall.pipeline.FirewallFailure;
import dev.mcpfirewall.transport.FailureResponses;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.util.Locale;
import java.util.NoSuchElementException;
import java.util.concurrent.CompletionException;
import java.util.function.UnaryOperator;

/**
 * Detector management under {@code /admin/api/} (admin role), effective at once, no restart:
 *
 * <ul>
 *   <li>{@code GET /admin/api/detectors}: every detector with origin, settings, circuit state
 *   <li>{@code GET /admin/api/detectors/{id}}: one, with its configuration schema
 *   <li>{@code PATCH /admin/api/detectors/{id}}: any of {@code enabled}, {@code mode} ({@code
 *       enforce|monitor}), {@code failMode} ({@code open|closed}), {@code deadline} ({@code
 *       "200ms"}), {@code config} (validated against the detector's schema first; 400 naming the
 *       path when invalid, and nothing changes)
 *   <li>{@code POST /admin/api/detectors/{id}/enable}, {@code .../disable}
 *   <li>{@code GET /admin/api/plugins}: archives loaded and refused (with why)
 *   <li>{@code POST /admin/api/plugins/reload}: re-reads the plugin directory
 * </ul>
 *
 * Changes are made on this node and logged as admin actions; they are not written back to the
 * configuration file.
 */
public final class DetectorsApi implements AdminRoutes.AdminApi {
  private final DetectorRegistry registry;
  private final AdminAuditor auditor;

  public DetectorsApi(DetectorRegistry registry) {
    this(registry, AdminAuditor.NONE);
  }

  /** With every change recorded in the audit trail before it is answered. */
  public DetectorsApi(DetectorRegistry registry, AdminAuditor auditor) {
    this.registry = registry;
    this.auditor = auditor;
  }

  @Override
  public void mount(Router router) {
    router.get("/admin/api/detectors").handler(this::list);
    router.get("/admin/api/detectors/:id").handler(this::show);
    router.patch("/admin/api/detectors/:id").handler(this::patch);
    router
        .post("/admin/api/detectors/:id/enable")
        .handler(rc -> change(rc, s -> s.withEnabled(true)));
    router
        .post("/admin/api/detectors/:id/disable")
        .handler(rc -> change(rc, s -> s.withEnabled(false)));
    router.get("/admin/api/plugins").handler(this::plugins);
    router.post("/admin/api/plugins/reload").handler(this::reload);
  }

  private void list(RoutingContext rc) {
    JsonArray all = new JsonArray();
    registry.status().forEach(s -> all.add(json(s, false)));
    AdminRoutes.json(rc, 200, new JsonObject().put("detectors", all));
  }

  private void show(RoutingContext rc) {
    String id = rc.pathParam("id");
    registry.status().stream()
        .filter(s -> s.id().equals(id))
        .findFirst()
        .ifPresentOrElse(
            s -> AdminRoutes.json(rc, 200, json(s, true)), () -> fail(rc, notFound(id)));
  }

  private void patch(RoutingContext rc) {
    JsonObject body;
    try {
      body = rc.body().asJsonObject();
    } catch (RuntimeException e) {
      body = null;
    }
    if (body == null) {
      fail(rc, invalid("a JSON object body is required"));
      return;
    }
    JsonObject patch = body;
    change(rc, s -> apply(s, patch));
  }

  private void change(RoutingContext rc, UnaryOperator<DetectorSettings> edit) {
    String id = rc.pathParam("id");
    if (registry.status().stream().noneMatch(s -> s.id().equals(id))) {
      fail(rc, notFound(id));
      return;
    }
    DetectorSettings replaced;
    try {
      replaced = edit.apply(registry.settings(id));
    } catch (IllegalArgumentException e) {
      fail(rc, invalid(e.getMessage()));
      return;
    }
    Future.fromCompletionStage(
            registry.update(id, replaced, AdminRoutes.principal(rc).id()),
            rc.vertx().getOrCreateContext())
        .compose(
            s ->
                auditor
                    .adminAction(
                        AdminRoutes.principal(rc),
                        "detector.update",
                        new JsonObject()
                            .put("detector", id)
                            .put("enabled", s.enabled())
                            .put("mode", s.mode().name().toLowerCase(java.util.Locale.ROOT))
                            .put("failMode", s.failMode().name().toLowerCase(java.util.Locale.ROOT))
                            .put("deadline", s.deadline().map(Object::toString).orElse(null))
                            .put("config", new JsonObject(new java.util.HashMap<>(s.config()))))
                    .map(s))
        .onFailure(e -> fail(rc, translate(e)))
        .onSuccess(
            s ->
                registry.status().stream()
                    .filter(st -> st.id().equals(id))
                    .findFirst()
                    .ifPresent(st -> AdminRoutes.json(rc, 200, json(st, false))));
  }

  private static DetectorSettings apply(DetectorSettings s, JsonObject patch) {
    for (String key : patch.fieldNames()) {
      Object value = patch.getValue(key);
      switch (key) {
        case "enabled" -> {
          if (!(value instanceof Boolean b)) {
            throw new IllegalArgumentException("\"enabled\" must be true or false");
          }
          s = s.withEnabled(b);
        }
        case "mode" -> s = s.withMode(enumValue(Mode.class, key, value, "enforce, monitor"));
        case "failMode" ->
            s = s.withFailMode(enumValue(FailMode.class, key, value, "open, closed"));
        case "deadline" -> {
          if (!(value instanceof String text)) {
            throw new IllegalArgumentException("\"deadline\" must be a duration such as \"200ms\"");
          }
          s = s.withDeadline(DurationParser.parse(text));
        }
        case "config" -> {
          if (!(value instanceof JsonObject config)) {
            throw new IllegalArgumentException("\"config\" must be a JSON object");
          }
          s = s.withConfig(config.getMap());
        }
        default ->
            throw new IllegalArgumentException(
                "unknown field \""
                    + key
                    + "\"; a detector takes enabled, mode, failMode, deadline and config");
      }
    }
    return s;
  }

  private static <E extends Enum<E>> E enumValue(
      Class<E> type, String key, Object value, String allowed) {
    if (value instanceof String text) {
      for (E e : type.getEnumConstants()) {
        if (e.name().equalsIgnoreCase(text)) {
          return e;
        }
      }
    }
    throw new IllegalArgumentException("\"" + key + "\" must be one of " + allowed);
  }

  private void plugins(RoutingContext rc) {
    AdminRoutes.json(rc, 200, plugins(registry.plugins().orElse(null)));
  }

  private void reload(RoutingContext rc) {
    Future.fromCompletionStage(
            registry.reload(AdminRoutes.principal(rc).id()), rc.vertx().getOrCreateContext())
        .compose(
            set ->
                auditor
                    .adminAction(
                        AdminRoutes.principal(rc),
                        "plugins.reload",
                        new JsonObject().put("loaded", new JsonArray(set.loaded())))
                    .map(set))
        .onFailure(e -> fail(rc, translate(e)))
        .onSuccess(set -> AdminRoutes.json(rc, 200, plugins(set)));
  }

  private static JsonObject plugins(PluginSet set) {
    JsonArray loaded = new JsonArray();
    JsonArray refused = new JsonArray();
    if (set != null) {
      set.loaded().forEach(loaded::add);
      for (PluginRefusal r : set.refused()) {
        refused.add(new JsonObject().put("archive", r.archive()).put("reason", r.getMessage()));
      }
    }
    return new JsonObject().put("loaded", loaded).put("refused", refused);
  }

  private static JsonObject json(DetectorRegistry.Status s, boolean withSchema) {
    DetectorSettings settings = s.settings();
    JsonObject json =
        new JsonObject()
            .put("id", s.id())
            .put("origin", s.origin())
            .put("enabled", settings.enabled())
            .put("mode", settings.mode().name().toLowerCase(Locale.ROOT))
            .put("failMode", settings.failMode().name().toLowerCase(Locale.ROOT))
            .put("circuit", s.circuit())
            .put("consecutiveFailures", s.consecutiveFailures())
            .put("config", new JsonObject(new java.util.LinkedHashMap<>(settings.config())));
    settings.deadline().ifPresent(d -> json.put("deadline", d.toMillis() + "ms"));
    if (withSchema) {
      try {
        json.put("configSchema", new JsonObject(s.configSchema()));
      } catch (RuntimeException e) {
        json.put("configSchema", s.configSchema());
      }
    }
    return json;
  }

  private static Throwable translate(Throwable e) {
    Throwable cause = e instanceof CompletionException && e.getCause() != null ? e.getCause() : e;
    if (cause instanceof NoSuchElementException) {
      return new FirewallFailure(FailureKind.NOT_FOUND, cause.getMessage());
    }
    if (cause instanceof IllegalArgumentException) {
      return invalid(cause.getMessage());
    }
    return cause;
  }

  private static FirewallFailure notFound(String id) {
    return new FirewallFailure(
        FailureKind.NOT_FOUND, "no detector with id '" + id + "' is installed");
  }

  private static FirewallFailure invalid(String message) {
    return new FirewallFailure(FailureKind.INVALID_REQUEST, message);
  }

  private static void fail(RoutingContext rc, Throwable e) {
    FailureResponses.write(rc.request(), e, null);
  }
}
