package dev.mcpfirewall.policy;

import dev.mcpfirewall.auth.Principal;
import dev.mcpfirewall.config.AuthConfig.KeyScopes;
import dev.mcpfirewall.config.PolicyConfig;
import dev.mcpfirewall.policy.AccessDecision.Reason;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Decides what a principal may reach: an upstream, a tool on it, the admin API.
 *
 * <p>A principal's roles grant the union of their grants; a role grants a tool when its upstream
 * globs, its tool globs and its classes all match. An explicit deny in any of the principal's roles
 * wins over every grant. An API key's scopes then narrow what the roles granted (each non-empty
 * scope list must match), and never widen it. The checks run in this order, and the first that
 * fails names the {@link Reason}:
 *
 * <ol>
 *   <li>upstream: denied by a role, not granted by any role, excluded by the key's scope;
 *   <li>tool name: denied by a role, not granted on this upstream by any role, excluded by scope;
 *   <li>existence: the upstream must have listed the tool ({@link ToolCatalog});
 *   <li>class: granted by a role that grants the name, then allowed by the key's class scope.
 * </ol>
 *
 * Each distinct (roles, scopes) pair is compiled once and cached (bounded), so a decision is a few
 * glob matches and two map reads; allowing allocates nothing but the cache key.
 */
public final class AccessPolicy {
  /** How many distinct (roles, scopes) pairs stay compiled. */
  public static final int DEFAULT_MAX_COMPILED = 4096;

  private static final int ALL_CLASSES = ToolClass.READ_ONLY.bit() | ToolClass.DESTRUCTIVE.bit();

  private final Roles roles;
  private final ToolCatalog catalog;
  private final int maxCompiled;
  private final Map<AccessKey, Access> compiled = new ConcurrentHashMap<>();

  /**
   * @throws IllegalArgumentException when the policy's roles are invalid
   */
  public AccessPolicy(PolicyConfig policy, ToolCatalog catalog) {
    this(new Roles(policy), catalog, DEFAULT_MAX_COMPILED);
  }

  public AccessPolicy(Roles roles, ToolCatalog catalog, int maxCompiled) {
    this.roles = roles;
    this.catalog = catalog;
    this.maxCompiled = maxCompiled;
  }

  public Roles roles() {
    return roles;
  }

  public ToolCatalog catalog() {
    return catalog;
  }

  /** Whether the principal may send anything at all to {@code upstream}. */
  public AccessDecision upstream(Principal principal, String upstream) {
    return upstream(access(principal), upstream);
  }

  /** Whether the principal may call {@code tool} on {@code upstream} (and list it). */
  public AccessDecision tool(Principal principal, String upstream, String tool) {
    Access access = access(principal);
    AccessDecision reach = upstream(access, upstream);
    if (!reach.allowed()) {
      return reach;
    }
    for (Role role : access.roles) {
      if (role.deniedTool(tool) != null) {
        return AccessDecision.refuse(
            Reason.TOOL_DENIED, "tool '" + tool + "' is denied to role '" + role.name() + "'");
      }
    }
    int granted = 0;
    boolean named = false;
    for (Role role : access.roles) {
      if (role.grantsTool(upstream, tool)) {
        named = true;
        granted |= role.classes();
      }
    }
    if (!named) {
      return AccessDecision.refuse(
          Reason.TOOL_NOT_GRANTED,
          access.roleList
              + " grant no access to tool '"
              + tool
              + "' on upstream '"
              + upstream
              + "'");
    }
    if (access.scopeTools != null && !access.scopeTools.matches(tool)) {
      return AccessDecision.refuse(
          Reason.SCOPE_EXCLUDES_TOOL, "the API key's scopes exclude tool '" + tool + "'");
    }
    if (!catalog.isKnown(upstream, tool)) {
      return AccessDecision.refuse(
          Reason.UNKNOWN_TOOL,
          "tool '"
              + tool
              + "' is not among the tools upstream '"
              + upstream
              + "' has listed; list the tools first");
    }
    ToolClass toolClass = catalog.classOf(upstream, tool);
    if ((granted & toolClass.bit()) == 0) {
      return classNotGranted(access, tool, toolClass, granted);
    }
    if ((access.scopeClasses & toolClass.bit()) == 0) {
      return AccessDecision.refuse(
          Reason.SCOPE_EXCLUDES_CLASS,
          "tool '"
              + tool
              + "' is "
              + toolClass.label()
              + " and the API key's scopes exclude "
              + toolClass.label()
              + " tools");
    }
    return AccessDecision.ALLOWED;
  }

  /** Whether the principal may use the admin API: one of its roles says so. */
  public boolean admin(Principal principal) {
    return principal != null && access(principal).admin;
  }

  private static AccessDecision classNotGranted(
      Access access, String tool, ToolClass toolClass, int granted) {
    ToolClass other =
        toolClass == ToolClass.DESTRUCTIVE ? ToolClass.READ_ONLY : ToolClass.DESTRUCTIVE;
    String grants =
        (granted & other.bit()) != 0
            ? " grant " + other.label() + " tools only"
            : " grant no " + toolClass.label() + " tools";
    return AccessDecision.refuse(
        toolClass == ToolClass.DESTRUCTIVE
            ? Reason.DESTRUCTIVE_NOT_GRANTED
            : Reason.READ_ONLY_NOT_GRANTED,
        "tool '" + tool + "' is " + toolClass.label() + " and " + access.roleList + grants);
  }

  private static AccessDecision upstream(Access access, String upstream) {
    for (Role role : access.roles) {
      if (role.deniedUpstream(upstream) != null) {
        return AccessDecision.refuse(
            Reason.UPSTREAM_DENIED,
            "upstream '" + upstream + "' is denied to role '" + role.name() + "'");
      }
    }
    boolean granted = false;
    for (Role role : access.roles) {
      if (role.grantsUpstream(upstream)) {
        granted = true;
        break;
      }
    }
    if (!granted) {
      return AccessDecision.refuse(
          Reason.UPSTREAM_NOT_GRANTED,
          access.roleList + " grant no access to upstream '" + upstream + "'");
    }
    if (access.scopeUpstreams != null && !access.scopeUpstreams.matches(upstream)) {
      return AccessDecision.refuse(
          Reason.SCOPE_EXCLUDES_UPSTREAM,
          "the API key's scopes exclude upstream '" + upstream + "'");
    }
    return AccessDecision.ALLOWED;
  }

  private Access access(Principal principal) {
    if (principal == null) {
      return Access.NOBODY;
    }
    KeyScopes scopes = principal.scopes() == null ? KeyScopes.unrestricted() : principal.scopes();
    AccessKey key = new AccessKey(principal.roles(), scopes);
    Access access = compiled.get(key);
    if (access == null) {
      if (compiled.size() >= maxCompiled) {
        // Distinct (roles, scopes) pairs are few (one per kind of key); this only sheds a flood.
        compiled.clear();
      }
      access = compiled.computeIfAbsent(key, k -> compile(k.roles(), k.scopes()));
    }
    return access;
  }

  private Access compile(Set<String> names, KeyScopes scopes) {
    List<Role> found = roles.resolve(names);
    boolean admin = found.stream().anyMatch(Role::admin);
    String roleList =
        names.isEmpty() ? "the caller's roles (none)" : "role(s) " + new TreeSet<>(names);
    return new Access(
        found.toArray(Role[]::new),
        roleList,
        admin,
        scopes.upstreams().isEmpty() ? null : GlobSet.of(scopes.upstreams()),
        scopes.tools().isEmpty() ? null : GlobSet.of(scopes.tools()),
        scopeClasses(scopes.classes()));
  }

  /** The classes a key's class scope allows; its entries are globs over the class labels. */
  private static int scopeClasses(List<String> patterns) {
    if (patterns.isEmpty()) {
      return ALL_CLASSES;
    }
    GlobSet globs = GlobSet.of(patterns);
    int mask = 0;
    for (ToolClass c : ToolClass.values()) {
      if (globs.matches(c.label())) {
        mask |= c.bit();
      }
    }
    return mask;
  }

  private record AccessKey(Set<String> roles, KeyScopes scopes) {}

  /** One (roles, scopes) pair, compiled. Null scope sets mean "not narrowed". */
  private record Access(
      Role[] roles,
      String roleList,
      boolean admin,
      GlobSet scopeUpstreams,
      GlobSet scopeTools,
      int scopeClasses) {
    static final Access NOBODY =
        new Access(new Role[0], "the caller's roles (none)", false, null, null, 0);
  }
}
