package dev.mcpfirewall.admin;

import dev.mcpfirewall.integrity.DefinitionDiff;
import dev.mcpfirewall.integrity.PinStatus;
import dev.mcpfirewall.integrity.PinnedVersion;
import dev.mcpfirewall.integrity.ToolPin;
import dev.mcpfirewall.integrity.ToolPins;
import dev.mcpfirewall.pipeline.FailureKind;
import dev.mcpfirewall.pipeline.FirewallFailure;
import dev.mcpfirewall.transport.FailureResponses;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.util.Optional;

/**
 * Tool pins under {@code /admin/api/tools/pins} (admin role): list them, show one with the diff
 * between its approved and its current definition, approve or reject the current definition. An
 * approval names the hash the admin reviewed, so a definition that changed again in the meantime is
 * not approved by accident.
 *
 * <pre>
 * GET  /admin/api/tools/pins?upstream=notes&amp;status=pending-change
 * GET  /admin/api/tools/pins/{upstream}/{tool}
 * POST /admin/api/tools/pins/{upstream}/{tool}/approve   {"hash": "sha256:..."}
 * POST /admin/api/tools/pins/{upstream}/{tool}/reject    {"hash": "sha256:..."}
 * </pre>
 */
public final class ToolPinsApi implements AdminRoutes.AdminApi {
  private final ToolPins pins;

  public ToolPinsApi(ToolPins pins) {
    this.pins = pins;
  }

  @Override
  public void mount(Router router) {
    router.get("/admin/api/tools/pins").handler(this::list);
    router.get("/admin/api/tools/pins/:upstream/:tool").handler(this::show);
    router.post("/admin/api/tools/pins/:upstream/:tool/approve").handler(rc -> decide(rc, true));
    router.post("/admin/api/tools/pins/:upstream/:tool/reject").handler(rc -> decide(rc, false));
  }

  private void list(RoutingContext rc) {
    String upstream = rc.queryParams().get("upstream");
    String status = rc.queryParams().get("status");
    JsonArray out = new JsonArray();
    for (ToolPin pin : pins.pins()) {
      if ((upstream == null || upstream.equals(pin.upstream()))
          && (status == null || status.equals(pin.status().label()))) {
        out.add(summary(pin));
      }
    }
    AdminRoutes.json(rc, 200, new JsonObject().put("pins", out));
  }

  private void show(RoutingContext rc) {
    Optional<ToolPin> pin = pins.pin(rc.pathParam("upstream"), rc.pathParam("tool"));
    if (pin.isEmpty()) {
      FailureResponses.write(rc.request(), notFound(rc), null);
      return;
    }
    AdminRoutes.json(rc, 200, detail(pin.get()));
  }

  private void decide(RoutingContext rc, boolean approve) {
    String hash;
    try {
      JsonObject body = rc.body().asJsonObject();
      hash = body == null ? null : body.getString("hash");
      if (hash == null) {
        throw new IllegalArgumentException("missing");
      }
    } catch (RuntimeException e) {
      FailureResponses.write(
          rc.request(),
          new FirewallFailure(
              FailureKind.INVALID_REQUEST,
              "the body must be a JSON object naming the reviewed definition: {\"hash\":"
                  + " \"sha256:...\"}"),
          null);
      return;
    }
    String upstream = rc.pathParam("upstream");
    String tool = rc.pathParam("tool");
    String actor = AdminRoutes.principal(rc).id();
    Future<ToolPin> decided =
        approve
            ? pins.approve(upstream, tool, hash, actor)
            : pins.reject(upstream, tool, hash, actor);
    decided
        .onSuccess(pin -> AdminRoutes.json(rc, 200, detail(pin)))
        .onFailure(e -> FailureResponses.write(rc.request(), e, null));
  }

  private static FirewallFailure notFound(RoutingContext rc) {
    return new FirewallFailure(
        FailureKind.NOT_FOUND,
        "upstream '"
            + rc.pathParam("upstream")
            + "' has never listed a tool named '"
            + rc.pathParam("tool")
            + "'");
  }

  private static JsonObject summary(ToolPin pin) {
    JsonObject out =
        new JsonObject()
            .put("upstream", pin.upstream())
            .put("tool", pin.tool())
            .put("status", pin.status().label())
            .put("currentHash", pin.current().hash());
    pin.approved().ifPresent(v -> out.put("approvedHash", v.hash()));
    if (pin.approvedBy() != null) {
      out.put("approvedBy", pin.approvedBy());
    }
    if (pin.approvedAt() != null) {
      out.put("approvedAt", pin.approvedAt().toString());
    }
    return out;
  }

  private static JsonObject detail(ToolPin pin) {
    JsonObject out = summary(pin);
    pin.approved().ifPresent(v -> out.put("approved", version(v)));
    pin.candidate().ifPresent(v -> out.put("candidate", version(v)));
    if (pin.approved().isPresent()
        && pin.candidate().isPresent()
        && pin.status() != PinStatus.APPROVED) {
      out.put(
          "diff",
          DefinitionDiff.toJson(
              DefinitionDiff.between(
                  pin.approved().get().definition().contract(),
                  pin.candidate().get().definition().contract())));
    }
    return out;
  }

  private static JsonObject version(PinnedVersion version) {
    return new JsonObject()
        .put("hash", version.hash())
        .put("seen", version.seen().toString())
        .put("definition", version.definition().contract())
        .put("screening", version.screening());
  }
}
