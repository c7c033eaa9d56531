package dev.mcpfirewall.admin;

import dev.mcpfirewall.auth.Principal;
import dev.mcpfirewall.auth.apikey.ApiKeyMetadata;
import dev.mcpfirewall.auth.apikey.ApiKeyRegistry;
import dev.mcpfirewall.auth.apikey.CreatedApiKey;
import dev.mcpfirewall.auth.apikey.KeyOperationException;
import dev.mcpfirewall.config.AuthConfig.KeyScopes;
import dev.mcpfirewall.config.DurationParser;
import dev.mcpfirewall.pipeline.FailureKind;
import dev.mcpfirewall.pipeline.FirewallFailure;
import dev.mcpfirewall.transport.FailureResponses;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * API key management under {@code /admin/api/keys} (admin role): list, show, create (the key is in
 * the answer once and never again), rotate (the old key keeps working for the grace period) and
 * revoke. Every change is logged as an admin action naming who did it.
 */
public final class KeysApi implements AdminRoutes.AdminApi {
  private static final Logger adminLog = LoggerFactory.getLogger("dev.mcpfirewall.admin.actions");

  private final ApiKeyRegistry registry;
  private final Clock clock;
  private final AdminAuditor auditor;

  public KeysApi(ApiKeyRegistry registry, Clock clock) {
    this(registry, clock, AdminAuditor.NONE);
  }

  /**
   * @param auditor records every key change in the audit trail; the answer waits for the record
   */
  public KeysApi(ApiKeyRegistry registry, Clock clock, AdminAuditor auditor) {
    this.registry = registry;
    this.clock = clock;
    this.auditor = auditor;
  }

  @Override
  public void mount(Router router) {
    router.get("/admin/api/keys").handler(this::list);
    router.post("/admin/api/keys").handler(this::create);
    router.get("/admin/api/keys/:id").handler(this::show);
    router.post("/admin/api/keys/:id/rotate").handler(this::rotate);
    router.delete("/admin/api/keys/:id").handler(this::revoke);
  }

  private void list(RoutingContext rc) {
    JsonArray keys = new JsonArray();
    registry.list().forEach(key -> keys.add(json(key)));
    AdminRoutes.json(rc, 200, new JsonObject().put("keys", keys));
  }

  private void show(RoutingContext rc) {
    Optional<ApiKeyMetadata> key = registry.get(rc.pathParam("id"));
    if (key.isEmpty()) {
      fail(rc, new KeyOperationException(KeyOperationException.Reason.NOT_FOUND, "no such key"));
      return;
    }
    AdminRoutes.json(rc, 200, json(key.get()));
  }

  private void create(RoutingContext rc) {
    JsonObject body;
    KeyScopes scopes;
    Optional<Duration> ttl;
    try {
      body = rc.body().asJsonObject();
      if (body == null) {
        throw new IllegalArgumentException("a JSON object body is required");
      }
      scopes = scopes(body.getJsonObject("scopes"));
      ttl = Optional.ofNullable(body.getValue("ttl")).map(DurationParser::parse);
      if (body.getString("owner") == null || body.getJsonArray("roles") == null) {
        throw new IllegalArgumentException("\"owner\" and \"roles\" are required");
      }
    } catch (RuntimeException e) {
      fail(rc, new FirewallFailure(FailureKind.INVALID_REQUEST, message(e)));
      return;
    }
    Principal by = AdminRoutes.principal(rc);
    registry
        .create(
            Optional.ofNullable(body.getString("id")),
            body.getString("owner"),
            strings(body.getJsonArray("roles")),
            scopes,
            ttl)
        .onFailure(e -> fail(rc, e))
        .onSuccess(
            created -> {
              adminLog.info(
                  "admin action: API key {} created for owner {} with roles {} by {}",
                  created.metadata().id(),
                  created.metadata().owner(),
                  created.metadata().roles(),
                  by.id());
              recorded(
                  by,
                  "key.create",
                  new JsonObject()
                      .put("keyId", created.metadata().id())
                      .put("owner", created.metadata().owner())
                      .put("roles", new JsonArray(created.metadata().roles()))
                      .put("expires", created.metadata().expires().toString()),
                  () -> AdminRoutes.json(rc, 201, shownOnce(created)));
            });
  }

  private void rotate(RoutingContext rc) {
    String id = rc.pathParam("id");
    Principal by = AdminRoutes.principal(rc);
    registry
        .rotate(id)
        .onFailure(e -> fail(rc, e))
        .onSuccess(
            created -> {
              adminLog.info(
                  "admin action: API key {} rotated to {} by {}",
                  id,
                  created.metadata().id(),
                  by.id());
              JsonObject answer = shownOnce(created);
              registry
                  .get(id)
                  .flatMap(ApiKeyMetadata::graceUntil)
                  .ifPresent(until -> answer.put("previousKeyValidUntil", until.toString()));
              recorded(
                  by,
                  "key.rotate",
                  new JsonObject().put("keyId", id).put("newKeyId", created.metadata().id()),
                  () -> AdminRoutes.json(rc, 201, answer));
            });
  }

  private void revoke(RoutingContext rc) {
    String id = rc.pathParam("id");
    Principal by = AdminRoutes.principal(rc);
    registry
        .revoke(id)
        .onFailure(e -> fail(rc, e))
        .onSuccess(
            revoked -> {
              adminLog.info("admin action: API key {} revoked by {}", id, by.id());
              recorded(
                  by,
                  "key.revoke",
                  new JsonObject().put("keyId", id),
                  () -> AdminRoutes.json(rc, 200, json(revoked)));
            });
  }

  /** Records the action, then answers; a failed record is logged (the change has happened). */
  private void recorded(Principal by, String action, JsonObject details, Runnable answer) {
    auditor
        .adminAction(by, action, details)
        .onComplete(
            ar -> {
              if (ar.failed()) {
                adminLog.error(
                    "admin action {} could not be recorded in the audit trail", action, ar.cause());
              }
              answer.run();
            });
  }

  private JsonObject shownOnce(CreatedApiKey created) {
    return new JsonObject()
        .put("key", created.key())
        .put("notice", "store this key now: it is shown once and cannot be recovered")
        .put("metadata", json(created.metadata()));
  }

  private JsonObject json(ApiKeyMetadata key) {
    Instant now = clock.instant();
    JsonObject json =
        new JsonObject()
            .put("id", key.id())
            .put("owner", key.owner())
            .put("roles", new JsonArray(key.roles()))
            .put(
                "scopes",
                new JsonObject()
                    .put("upstreams", new JsonArray(key.scopes().upstreams()))
                    .put("tools", new JsonArray(key.scopes().tools()))
                    .put("classes", new JsonArray(key.scopes().classes()))
                    .put("sourceCidrs", new JsonArray(key.scopes().sourceCidrs())))
            .put("source", key.source().name().toLowerCase(java.util.Locale.ROOT))
            .put("status", key.status(now).name().toLowerCase(java.util.Locale.ROOT))
            .put("created", key.created().toString())
            .put("expires", key.expires().toString());
    key.lastUsed().ifPresent(t -> json.put("lastUsed", t.toString()));
    key.revokedAt().ifPresent(t -> json.put("revokedAt", t.toString()));
    key.rotatedTo().ifPresent(t -> json.put("rotatedTo", t));
    key.graceUntil().ifPresent(t -> json.put("graceUntil", t.toString()));
    return json;
  }

  private static KeyScopes scopes(JsonObject scopes) {
    if (scopes == null) {
      return KeyScopes.unrestricted();
    }
    return new KeyScopes(
        strings(scopes.getJsonArray("upstreams")),
        strings(scopes.getJsonArray("tools")),
        strings(scopes.getJsonArray("classes")),
        strings(scopes.getJsonArray("sourceCidrs")));
  }

  private static List<String> strings(JsonArray array) {
    return array == null ? List.of() : array.stream().map(String.class::cast).toList();
  }

  private static void fail(RoutingContext rc, Throwable e) {
    if (e instanceof KeyOperationException refused) {
      FailureKind kind =
          switch (refused.reason()) {
            case NOT_FOUND -> FailureKind.NOT_FOUND;
            case INVALID -> FailureKind.INVALID_REQUEST;
            default -> FailureKind.CONFLICT;
          };
      e = new FirewallFailure(kind, refused.getMessage());
    }
    FailureResponses.write(rc.request(), e, null);
  }

  private static String message(RuntimeException e) {
    return e instanceof io.vertx.core.json.DecodeException || e instanceof ClassCastException
        ? "the body must be a JSON object with owner, roles, and optional id, scopes, ttl"
        : e.getMessage();
  }
}
