package dev.mcpfirewall.config;

import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The rules of the identity and access sections ({@code dataDir}, {@code admin}, {@code auth},
 * {@code policy}, {@code alerts}) that the schema cannot express: unique key ids and role names,
 * roles that exist, address ranges that parse, tool-class overrides for configured upstreams, an
 * admin listener of its own, usable URLs, consistent durations. Like {@link ConfigRules}, they skip
 * values of the wrong shape, which the schema reports.
 */
final class AccessRules {

  /** Hosts that bind every interface, and so overlap any other address on the same port. */
  private static final Set<String> WILDCARD_HOSTS = Set.of("0.0.0.0", "::", "[::]");

  private AccessRules() {}

  static void check(Map<?, ?> root, List<ConfigProblem> problems) {
    ConfigRules.checkPath(root.get("dataDir"), "/dataDir", problems);
    if (root.get("admin") instanceof Map<?, ?> admin
        && admin.get("listen") instanceof Map<?, ?> listen) {
      ConfigRules.checkPort(listen.get("port"), "/admin/listen/port", problems);
    }
    checkListenersDiffer(root, problems);
    Set<String> roles = knownRoles(root);
    if (root.get("auth") instanceof Map<?, ?> auth) {
      checkAuth(auth, roles, problems);
    }
    if (root.get("policy") instanceof Map<?, ?> policy) {
      checkPolicy(policy, upstreamNames(root), problems);
    }
    if (root.get("alerts") instanceof Map<?, ?> alerts
        && alerts.get("webhooks") instanceof List<?> webhooks) {
      for (int i = 0; i < webhooks.size(); i++) {
        if (webhooks.get(i) instanceof Map<?, ?> webhook) {
          ConfigRules.checkUrl(
              webhook.get("url"),
              "/alerts/webhooks/" + i + "/url",
              "https://alerts.example.com/hook",
              problems);
        }
      }
    }
  }

  private static void checkListenersDiffer(Map<?, ?> root, List<ConfigProblem> problems) {
    Map<?, ?> agent = root.get("listen") instanceof Map<?, ?> m ? m : Map.of();
    Map<?, ?> admin =
        root.get("admin") instanceof Map<?, ?> a && a.get("listen") instanceof Map<?, ?> m
            ? m
            : Map.of();
    Integer agentPort = port(agent.get("port"), ListenConfig.DEFAULT_PORT);
    Integer adminPort = port(admin.get("port"), AdminConfig.DEFAULT_PORT);
    if (agentPort == null || agentPort == 0 || !agentPort.equals(adminPort)) {
      return;
    }
    Object agentHost = agent.containsKey("host") ? agent.get("host") : ListenConfig.DEFAULT_HOST;
    Object adminHost = admin.containsKey("host") ? admin.get("host") : ListenConfig.DEFAULT_HOST;
    if (!(agentHost instanceof String a) || !(adminHost instanceof String b) || !overlap(a, b)) {
      return;
    }
    if (admin.containsKey("port")) {
      problems.add(
          ConfigProblem.at(
              "/admin/listen/port",
              "must differ from listen.port ("
                  + agentPort
                  + ") on the same address: the admin plane needs a listener of its own"
                  + " (0 picks a free port)"));
    } else {
      problems.add(
          ConfigProblem.at(
              "/listen/port",
              "is the default port of the admin plane ("
                  + AdminConfig.DEFAULT_PORT
                  + "); choose another, or set admin.listen.port"));
    }
  }

  private static boolean overlap(String a, String b) {
    return a.equalsIgnoreCase(b) || WILDCARD_HOSTS.contains(a) || WILDCARD_HOSTS.contains(b);
  }

  /** A valid port, {@code fallback} when absent, null when invalid (the schema reports it). */
  private static Integer port(Object value, int fallback) {
    if (value == null) {
      return fallback;
    }
    if (value instanceof Integer number && number >= 0 && number <= 65535) {
      return number;
    }
    if (value instanceof String text && text.matches("[0-9]{1,5}")) {
      int number = Integer.parseInt(text);
      return number <= 65535 ? number : null;
    }
    return null;
  }

  private static void checkAuth(Map<?, ?> auth, Set<String> roles, List<ConfigProblem> problems) {
    ConfigRules.checkPath(auth.get("keyStore"), "/auth/keyStore", problems);
    if (auth.get("apiKeys") instanceof List<?> keys) {
      Map<String, Integer> firstUse = new HashMap<>();
      for (int i = 0; i < keys.size(); i++) {
        if (keys.get(i) instanceof Map<?, ?> key) {
          checkApiKey(key, "/auth/apiKeys/" + i, i, firstUse, roles, problems);
        }
      }
    }
    if (auth.get("keyPolicy") instanceof Map<?, ?> policy) {
      checkKeyPolicy(policy, problems);
    }
    if (auth.get("jwt") instanceof Map<?, ?> jwt) {
      checkJwt(jwt, roles, problems);
    }
    if (auth.get("authorizationServers") instanceof List<?> servers) {
      for (int i = 0; i < servers.size(); i++) {
        ConfigRules.checkUrl(
            servers.get(i), "/auth/authorizationServers/" + i, "https://idp.example.com", problems);
      }
    }
    if (auth.get("lockout") instanceof Map<?, ?> lockout) {
      ConfigRules.checkBackoff(
          lockout,
          "/auth/lockout",
          AuthConfig.Lockout.DEFAULT_INITIAL_BACKOFF,
          AuthConfig.Lockout.DEFAULT_MAX_BACKOFF,
          problems);
    }
  }

  private static void checkApiKey(
      Map<?, ?> key,
      String pointer,
      int index,
      Map<String, Integer> firstUse,
      Set<String> roles,
      List<ConfigProblem> problems) {
    if (key.get("id") instanceof String id) {
      Integer first = firstUse.putIfAbsent(id, index);
      if (first != null) {
        problems.add(
            ConfigProblem.at(
                pointer + "/id",
                "duplicate key id; /auth/apiKeys/"
                    + first
                    + " already uses it, and a presented key must name exactly one entry"));
      }
    }
    checkRoleNames(key.get("roles"), pointer + "/roles", roles, problems);
    if (key.get("scopes") instanceof Map<?, ?> scopes
        && scopes.get("sourceCidrs") instanceof List<?> cidrs) {
      for (int i = 0; i < cidrs.size(); i++) {
        if (cidrs.get(i) instanceof String cidr) {
          try {
            CidrNotation.check(cidr);
          } catch (IllegalArgumentException e) {
            problems.add(ConfigProblem.at(pointer + "/scopes/sourceCidrs/" + i, e.getMessage()));
          }
        }
      }
    }
    if (key.get("expires") instanceof String expires) {
      try {
        OffsetDateTime.parse(expires);
      } catch (DateTimeParseException e) {
        problems.add(
            ConfigProblem.at(
                pointer + "/expires",
                "must be a real date and time with a time zone, such as 2027-01-01T00:00:00Z"));
      }
    }
  }

  private static void checkKeyPolicy(Map<?, ?> policy, List<ConfigProblem> problems) {
    Duration maxAge =
        ConfigRules.durationOr(policy.get("maxAge"), AuthConfig.KeyPolicy.DEFAULT_MAX_AGE);
    Duration warning =
        ConfigRules.durationOr(
            policy.get("expiryWarning"), AuthConfig.KeyPolicy.DEFAULT_EXPIRY_WARNING);
    if (maxAge == null || warning == null || warning.compareTo(maxAge) < 0) {
      return;
    }
    if (policy.containsKey("expiryWarning")) {
      problems.add(
          ConfigProblem.at(
              "/auth/keyPolicy/expiryWarning",
              "must be shorter than maxAge ("
                  + DurationParser.format(maxAge)
                  + "), or every key would be reported as expiring from the day it is made"));
    } else {
      problems.add(
          ConfigProblem.at(
              "/auth/keyPolicy/maxAge",
              "must be longer than expiryWarning ("
                  + DurationParser.format(warning)
                  + " by default); set expiryWarning too"));
    }
  }

  private static void checkJwt(Map<?, ?> jwt, Set<String> roles, List<ConfigProblem> problems) {
    ConfigRules.checkUrl(
        jwt.get("jwksUrl"),
        "/auth/jwt/jwksUrl",
        "https://idp.example.com/.well-known/jwks.json",
        problems);
    Duration skew =
        ConfigRules.durationOr(jwt.get("clockSkew"), AuthConfig.JwtConfig.DEFAULT_CLOCK_SKEW);
    if (skew != null && skew.compareTo(AuthConfig.JwtConfig.MAX_CLOCK_SKEW) > 0) {
      problems.add(
          ConfigProblem.at(
              "/auth/jwt/clockSkew",
              "must be at most "
                  + DurationParser.format(AuthConfig.JwtConfig.MAX_CLOCK_SKEW)
                  + ": a larger skew keeps expired tokens working"));
    }
    if (jwt.get("publicKeyFiles") instanceof List<?> files) {
      for (int i = 0; i < files.size(); i++) {
        ConfigRules.checkPath(files.get(i), "/auth/jwt/publicKeyFiles/" + i, problems);
      }
    }
    if (jwt.get("roleMapping") instanceof Map<?, ?> mapping) {
      mapping.forEach(
          (claimValue, role) ->
              checkRoleName(
                  role, ConfigProblem.child("/auth/jwt/roleMapping", claimValue), roles, problems));
    }
  }

  private static void checkPolicy(
      Map<?, ?> policy, Set<String> upstreams, List<ConfigProblem> problems) {
    if (policy.get("roles") instanceof List<?> roles) {
      Map<String, Integer> firstUse = new HashMap<>();
      for (int i = 0; i < roles.size(); i++) {
        if (roles.get(i) instanceof Map<?, ?> role
            && role.get("name") instanceof String name
            && firstUse.putIfAbsent(name, i) != null) {
          problems.add(
              ConfigProblem.at(
                  "/policy/roles/" + i + "/name",
                  "duplicate role name; /policy/roles/"
                      + firstUse.get(name)
                      + " already declares it"));
        }
      }
    }
    if (policy.get("toolClasses") instanceof Map<?, ?> classes) {
      for (Object upstream : classes.keySet()) {
        if (!upstreams.contains(String.valueOf(upstream))) {
          problems.add(
              ConfigProblem.atKey(
                  ConfigProblem.child("/policy/toolClasses", upstream),
                  "no upstream has this name; configured upstreams: "
                      + (upstreams.isEmpty() ? "none" : String.join(", ", upstreams))));
        }
      }
    }
  }

  private static void checkRoleNames(
      Object names, String pointer, Set<String> roles, List<ConfigProblem> problems) {
    if (names instanceof List<?> list) {
      for (int i = 0; i < list.size(); i++) {
        checkRoleName(list.get(i), pointer + "/" + i, roles, problems);
      }
    }
  }

  private static void checkRoleName(
      Object name, String pointer, Set<String> roles, List<ConfigProblem> problems) {
    if (name instanceof String role && !roles.contains(role)) {
      StringBuilder message = new StringBuilder("unknown role");
      ConfigSchema.closest(role, List.copyOf(roles))
          .ifPresent(s -> message.append(" (did you mean ").append(s).append("?)"));
      message
          .append("; roles here: ")
          .append(String.join(", ", roles))
          .append(" (declare others under policy.roles)");
      problems.add(ConfigProblem.at(pointer, message.toString()));
    }
  }

  /** The built-in roles and those declared under {@code policy.roles}, in that order. */
  private static Set<String> knownRoles(Map<?, ?> root) {
    Set<String> roles = new LinkedHashSet<>(PolicyConfig.BUILT_IN_ROLES);
    if (root.get("policy") instanceof Map<?, ?> policy
        && policy.get("roles") instanceof List<?> declared) {
      for (Object role : declared) {
        if (role instanceof Map<?, ?> map && map.get("name") instanceof String name) {
          roles.add(name);
        }
      }
    }
    return roles;
  }

  private static Set<String> upstreamNames(Map<?, ?> root) {
    Set<String> names = new LinkedHashSet<>();
    if (root.get("upstreams") instanceof List<?> upstreams) {
      for (Object upstream : upstreams) {
        if (upstream instanceof Map<?, ?> map && map.get("name") instanceof String name) {
          names.add(name);
        }
      }
    }
    return names;
  }
}
