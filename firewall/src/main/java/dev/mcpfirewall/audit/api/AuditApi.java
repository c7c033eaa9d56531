package dev.mcpfirewall.audit.api;

import dev.mcpfirewall.admin.AdminAuditor;
import dev.mcpfirewall.admin.AdminRoutes;
import dev.mcpfirewall.pipeline.FailureKind;
import dev.mcpfirewall.pipeline.FirewallFailure;
import dev.mcpfirewall.transport.FailureResponses;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.function.Supplier;

/**
 * The audit trail under {@code /admin/api/audit} (admin role):
 *
 * <ul>
 *   <li>{@code GET
 *       /admin/api/audit/records?from&to&principal&tool&verdict&category&event&limit&cursor}: a
 *       page of matching records ({@code limit} 1 to 1000, default 100) and the {@code cursor} for
 *       the next page ({@code null} at the end)
 *   <li>{@code GET /admin/api/audit/export?...}: every matching record as JSON Lines ({@code
 *       application/x-ndjson}), streamed page by page; the export itself is recorded
 *   <li>{@code GET /admin/api/audit/pubkey}: the node's checkpoint public key (PEM)
 *   <li>{@code GET /admin/api/audit/checkpoint}: the latest signed checkpoint line, an anchor to
 *       keep outside the node for rollback detection ({@code audit verify --anchor})
 * </ul>
 */
public final class AuditApi implements AdminRoutes.AdminApi {
  private static final int PAGE = 500;

  private final Vertx vertx;
  private final Path dir;
  private final Supplier<String> publicKeyPem;
  private final AdminAuditor auditor;

  public AuditApi(Vertx vertx, Path dir, Supplier<String> publicKeyPem, AdminAuditor auditor) {
    this.vertx = vertx;
    this.dir = dir;
    this.publicKeyPem = publicKeyPem;
    this.auditor = auditor;
  }

  @Override
  public void mount(Router router) {
    router.get("/admin/api/audit/records").handler(this::records);
    router.get("/admin/api/audit/export").handler(this::export);
    router.get("/admin/api/audit/pubkey").handler(this::pubkey);
    router.get("/admin/api/audit/checkpoint").handler(this::checkpoint);
  }

  private void records(RoutingContext rc) {
    AuditQuery query;
    int limit;
    long cursor;
    try {
      query = AuditQuery.of(rc.queryParams());
      limit = intParam(rc, "limit", 100, 1, 1000);
      cursor = longParam(rc, "cursor");
    } catch (IllegalArgumentException e) {
      invalid(rc, e);
      return;
    }
    // Who looked at what is itself part of the trail.
    auditor
        .adminAction(
            AdminRoutes.principal(rc),
            "audit.search",
            new JsonObject().put("query", rc.request().query()))
        .compose(
            v -> vertx.executeBlocking(() -> AuditSearch.search(dir, query, cursor, limit), false))
        .onFailure(e -> FailureResponses.write(rc.request(), e, null))
        .onSuccess(
            page -> {
              JsonArray records = new JsonArray();
              page.lines().forEach(l -> records.add(new JsonObject(l)));
              AdminRoutes.json(
                  rc,
                  200,
                  new JsonObject()
                      .put("records", records)
                      .put("cursor", page.next() == 0 ? null : Long.toString(page.next())));
            });
  }

  private void export(RoutingContext rc) {
    AuditQuery query;
    long cursor;
    try {
      query = AuditQuery.of(rc.queryParams());
      cursor = longParam(rc, "cursor");
    } catch (IllegalArgumentException e) {
      invalid(rc, e);
      return;
    }
    JsonObject details = new JsonObject().put("query", rc.request().query());
    auditor
        .adminAction(AdminRoutes.principal(rc), "audit.export", details)
        .onFailure(e -> FailureResponses.write(rc.request(), e, null))
        .onSuccess(
            v -> {
              HttpServerResponse response = rc.response();
              response.setChunked(true).putHeader(HttpHeaders.CONTENT_TYPE, "application/x-ndjson");
              page(response, query, cursor);
            });
  }

  private void page(HttpServerResponse response, AuditQuery query, long after) {
    if (response.closed()) {
      return;
    }
    vertx
        .executeBlocking(() -> AuditSearch.search(dir, query, after, PAGE), false)
        .onFailure(e -> response.reset())
        .onSuccess(
            page -> {
              StringBuilder chunk = new StringBuilder();
              for (String line : page.lines()) {
                chunk.append(line).append('\n');
              }
              if (chunk.length() > 0) {
                response.write(chunk.toString());
              }
              if (page.next() == 0) {
                response.end();
              } else if (response.writeQueueFull()) {
                response.drainHandler(v -> page(response, query, page.next()));
              } else {
                page(response, query, page.next());
              }
            });
  }

  private void pubkey(RoutingContext rc) {
    rc.response()
        .putHeader(HttpHeaders.CONTENT_TYPE, "application/x-pem-file")
        .end(publicKeyPem.get());
  }

  private void checkpoint(RoutingContext rc) {
    vertx
        .executeBlocking(
            () -> {
              Path file = dir.resolve(dev.mcpfirewall.audit.store.Checkpoint.FILE);
              if (!Files.exists(file)) {
                return null;
              }
              List<String> lines = Files.readAllLines(file);
              return lines.isEmpty() ? null : lines.get(lines.size() - 1);
            },
            false)
        .onFailure(e -> FailureResponses.write(rc.request(), e, null))
        .onSuccess(
            line -> {
              if (line == null) {
                FailureResponses.write(
                    rc.request(),
                    new FirewallFailure(FailureKind.NOT_FOUND, "no checkpoint has been signed yet"),
                    null);
                return;
              }
              rc.response().putHeader(HttpHeaders.CONTENT_TYPE, "application/json").end(line);
            });
  }

  private static int intParam(RoutingContext rc, String name, int fallback, int min, int max) {
    String value = rc.queryParams().get(name);
    if (value == null) {
      return fallback;
    }
    try {
      int n = Integer.parseInt(value);
      if (n < min || n > max) {
        throw new NumberFormatException();
      }
      return n;
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(
          "parameter '" + name + "' must be a whole number from " + min + " to " + max);
    }
  }

  private static long longParam(RoutingContext rc, String name) {
    String value = rc.queryParams().get(name);
    if (value == null) {
      return 0;
    }
    try {
      return Long.parseLong(value);
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(
          "parameter '" + name + "' must be a cursor returned by an earlier page");
    }
  }

  private static void invalid(RoutingContext rc, IllegalArgumentException e) {
    FailureResponses.write(
        rc.request(), new FirewallFailure(FailureKind.INVALID_REQUEST, e.getMessage()), null);
  }
}
