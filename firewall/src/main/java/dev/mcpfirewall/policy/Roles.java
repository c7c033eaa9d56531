package dev.mcpfirewall.policy;

import dev.mcpfirewall.config.PolicyConfig;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The roles a principal's role names refer to: the built-ins and those of {@code policy.roles}.
 *
 * <ul>
 *   <li>{@code reader}: every upstream, every tool, {@code read-only} tools only;
 *   <li>{@code operator}: every upstream, every tool, {@code read-only} and {@code destructive};
 *   <li>{@code admin}: what {@code operator} grants, and the admin API.
 * </ul>
 *
 * A role declared in the configuration with a built-in's name replaces the built-in. A role name no
 * role has grants nothing; it is logged once, since it usually means a typo in a key or a JWT role
 * mapping.
 */
public final class Roles {
  private static final Logger log = LoggerFactory.getLogger(Roles.class);

  public static final String READER = "reader";
  public static final String OPERATOR = "operator";
  public static final String ADMIN = "admin";

  private static final List<String> ALL = List.of("*");
  private static final List<String> READ_ONLY = List.of(ToolClass.READ_ONLY.label());
  private static final List<String> ANY_CLASS =
      List.of(ToolClass.READ_ONLY.label(), ToolClass.DESTRUCTIVE.label());

  /** Bounds the memory of names already logged. */
  private static final int MAX_REPORTED_UNKNOWN = 1024;

  private final Map<String, Role> byName;
  private final Set<String> reportedUnknown = ConcurrentHashMap.newKeySet();

  /**
   * @throws IllegalArgumentException when two configured roles share a name or a role is invalid
   */
  public Roles(PolicyConfig policy) {
    Map<String, Role> roles = new LinkedHashMap<>();
    for (Role builtIn : builtIns()) {
      roles.put(builtIn.name(), builtIn);
    }
    Set<String> declared = new HashSet<>();
    for (PolicyConfig.RoleConfig config : policy.roles()) {
      if (!declared.add(config.name())) {
        throw new IllegalArgumentException(
            "policy.roles: role '" + config.name() + "' is declared more than once");
      }
      roles.put(config.name(), new Role(config));
    }
    this.byName = Map.copyOf(roles);
  }

  /** The built-in roles, as they are before configuration replaces any of them. */
  public static List<Role> builtIns() {
    return List.of(
        Role.of(READER, ALL, ALL, READ_ONLY, false, List.of(), List.of()),
        Role.of(OPERATOR, ALL, ALL, ANY_CLASS, false, List.of(), List.of()),
        Role.of(ADMIN, ALL, ALL, ANY_CLASS, true, List.of(), List.of()));
  }

  /** The role with this name, or null. */
  public Role role(String name) {
    return byName.get(name);
  }

  /** Every role, by name. */
  public Map<String, Role> all() {
    return byName;
  }

  /** The roles these names refer to; unknown names are skipped (and logged the first time). */
  public List<Role> resolve(Collection<String> names) {
    List<Role> found = new ArrayList<>(names.size());
    for (String name : names) {
      Role role = byName.get(name);
      if (role != null) {
        found.add(role);
      } else if (reportedUnknown.size() < MAX_REPORTED_UNKNOWN && reportedUnknown.add(name)) {
        log.warn("a principal carries role '{}', which no role defines; it grants nothing", name);
      }
    }
    return found;
  }
}
