package dev.mcpfirewall.auth.jwt;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Turns the identity provider's groups or roles into firewall roles: the claim at a path (a
 * top-level claim of exactly that name, such as {@code https://example.com/roles}, or else a dotted
 * path such as {@code realm_access.roles}) holds a string or an array of strings; each value with
 * an entry in the mapping becomes that firewall role, values without one are ignored.
 */
final class RoleClaim {
  private final String path;
  private final Map<String, String> mapping;

  RoleClaim(String path, Map<String, String> mapping) {
    this.path = path;
    this.mapping = Map.copyOf(mapping);
  }

  Set<String> roles(JsonObject claims) {
    Set<String> roles = new LinkedHashSet<>();
    Optional<Object> value = lookup(claims, path);
    if (value.isEmpty()) {
      return Set.of();
    }
    if (value.get() instanceof String single) {
      addMapped(single, roles);
    } else if (value.get() instanceof JsonArray many) {
      for (Object item : many) {
        if (item instanceof String name) {
          addMapped(name, roles);
        }
      }
    }
    return Set.copyOf(roles);
  }

  private void addMapped(String claimValue, Set<String> roles) {
    String role = mapping.get(claimValue);
    if (role != null) {
      roles.add(role);
    }
  }

  /**
   * The value at {@code path}: the top-level claim of that exact name if there is one (claim names
   * may contain dots), otherwise the dotted path walked through nested objects.
   */
  static Optional<Object> lookup(JsonObject claims, String path) {
    if (claims.containsKey(path)) {
      return Optional.ofNullable(claims.getValue(path));
    }
    Object current = claims;
    for (String segment : path.split("\\.", -1)) {
      if (!(current instanceof JsonObject object)) {
        return Optional.empty();
      }
      current = object.getValue(segment);
    }
    return Optional.ofNullable(current);
  }
}
