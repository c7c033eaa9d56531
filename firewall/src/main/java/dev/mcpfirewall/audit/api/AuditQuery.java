package dev.mcpfirewall.audit.api;

import io.vertx.core.MultiMap;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Optional;

/**
 * A search over audit records: a time range, and exact matches on principal, tool, verdict, event
 * type; a category matches a finding's category or any category under it ({@code pii} matches
 * {@code pii.email}).
 */
public record AuditQuery(
    Optional<Instant> from,
    Optional<Instant> to,
    Optional<String> principal,
    Optional<String> tool,
    Optional<String> verdict,
    Optional<String> category,
    Optional<String> event) {

  /** Everything. */
  public static AuditQuery all() {
    return new AuditQuery(
        Optional.empty(),
        Optional.empty(),
        Optional.empty(),
        Optional.empty(),
        Optional.empty(),
        Optional.empty(),
        Optional.empty());
  }

  /**
   * Reads a query from URL parameters {@code from}, {@code to} (ISO-8601 instants), {@code
   * principal}, {@code tool}, {@code verdict}, {@code category}, {@code event}.
   *
   * @throws IllegalArgumentException naming the bad parameter
   */
  public static AuditQuery of(MultiMap params) {
    return new AuditQuery(
        instant(params, "from"),
        instant(params, "to"),
        Optional.ofNullable(params.get("principal")),
        Optional.ofNullable(params.get("tool")),
        Optional.ofNullable(params.get("verdict")),
        Optional.ofNullable(params.get("category")),
        Optional.ofNullable(params.get("event")));
  }

  private static Optional<Instant> instant(MultiMap params, String name) {
    String value = params.get(name);
    if (value == null) {
      return Optional.empty();
    }
    try {
      return Optional.of(Instant.parse(value));
    } catch (DateTimeParseException e) {
      throw new IllegalArgumentException(
          "parameter '" + name + "' must be an ISO-8601 instant such as 2026-01-05T10:00:00Z");
    }
  }

  /** True when {@code record} matches every given criterion. */
  public boolean matches(JsonObject record) {
    if (from.isPresent() || to.isPresent()) {
      Instant t = Instant.parse(record.getString("time"));
      if (from.isPresent() && t.isBefore(from.get())) {
        return false;
      }
      if (to.isPresent() && !t.isBefore(to.get())) {
        return false;
      }
    }
    if (principal.isPresent()
        && !principal.get().equals(record.getString("principal"))
        && !principal.get().equals(record.getString("actor"))) {
      return false;
    }
    if (tool.isPresent() && !tool.get().equals(record.getString("tool"))) {
      return false;
    }
    if (verdict.isPresent() && !verdict.get().equals(record.getString("verdict"))) {
      return false;
    }
    if (event.isPresent() && !event.get().equals(record.getString("event"))) {
      return false;
    }
    if (category.isPresent()) {
      JsonArray findings = record.getJsonArray("findings");
      if (findings == null) {
        return false;
      }
      String c = category.get();
      boolean any = false;
      for (Object f : findings) {
        String have = ((JsonObject) f).getString("category", "");
        if (have.equals(c) || have.startsWith(c + ".")) {
          any = true;
          break;
        }
      }
      return any;
    }
    return true;
  }
}
