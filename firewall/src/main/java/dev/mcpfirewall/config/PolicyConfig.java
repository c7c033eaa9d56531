package dev.mcpfirewall.config;

import java.util.List;
import java.util.Map;

/**
 * Authorization: roles and tool classes. The built-in roles {@code reader}, {@code operator} and
 * {@code admin} always exist; roles declared here add to them (a declared role with a built-in name
 * replaces it).
 *
 * @param roles custom roles
 * @param toolClasses admin overrides of tool classes, by upstream then tool name: {@code read-only}
 *     or {@code destructive}. Without an override a tool is read-only only when its annotations say
 *     {@code readOnlyHint: true}.
 */
public record PolicyConfig(List<RoleConfig> roles, Map<String, Map<String, String>> toolClasses) {

  /** The roles that exist without being declared. */
  public static final List<String> BUILT_IN_ROLES = List.of("reader", "operator", "admin");

  /** The class of a tool that only reads. */
  public static final String READ_ONLY = "read-only";

  /** The class of every other tool. */
  public static final String DESTRUCTIVE = "destructive";

  /** The tool classes, as written in roles, key scopes and {@code toolClasses}. */
  public static final List<String> TOOL_CLASSES = List.of(READ_ONLY, DESTRUCTIVE);

  public PolicyConfig {
    roles = List.copyOf(roles);
    toolClasses = Map.copyOf(toolClasses);
  }

  public static PolicyConfig defaults() {
    return new PolicyConfig(List.of(), Map.of());
  }

  /**
   * A role: what it grants, and what it denies (deny wins over any grant of any role).
   *
   * @param name the role's name
   * @param upstreams upstream name globs it grants
   * @param tools tool name globs it grants
   * @param classes tool classes it grants ({@code read-only}, {@code destructive})
   * @param admin whether it grants the admin API
   * @param denyUpstreams upstream globs it denies
   * @param denyTools tool globs it denies
   */
  public record RoleConfig(
      String name,
      List<String> upstreams,
      List<String> tools,
      List<String> classes,
      boolean admin,
      List<String> denyUpstreams,
      List<String> denyTools) {
    public RoleConfig {
      upstreams = List.copyOf(upstreams);
      tools = List.copyOf(tools);
      classes = List.copyOf(classes);
      denyUpstreams = List.copyOf(denyUpstreams);
      denyTools = List.copyOf(denyTools);
    }
  }
}
