package dev.mcpfirewall.policy;

import dev.mcpfirewall.config.PolicyConfig.RoleConfig;
import java.util.List;

/**
 * A role, compiled for fast decisions: what it grants (upstreams AND tools AND tool classes, all
 * three must hold), whether it grants the admin API, and what it denies. A deny of any of a
 * principal's roles wins over every grant of every role.
 */
public final class Role {
  private final RoleConfig config;
  private final GlobSet upstreams;
  private final GlobSet tools;
  private final int classes;
  private final GlobSet denyUpstreams;
  private final GlobSet denyTools;

  /**
   * @throws IllegalArgumentException when a class is not {@code read-only} or {@code destructive}
   */
  public Role(RoleConfig config) {
    if (config.name() == null || config.name().isBlank()) {
      throw new IllegalArgumentException("policy.roles: a role needs a name");
    }
    this.config = config;
    this.upstreams = GlobSet.of(config.upstreams());
    this.tools = GlobSet.of(config.tools());
    int mask = 0;
    for (String label : config.classes()) {
      ToolClass c = ToolClass.find(label);
      if (c == null) {
        throw new IllegalArgumentException(
            "policy.roles."
                + config.name()
                + ".classes: '"
                + label
                + "' is not a tool class; expected read-only or destructive");
      }
      mask |= c.bit();
    }
    this.classes = mask;
    this.denyUpstreams = GlobSet.of(config.denyUpstreams());
    this.denyTools = GlobSet.of(config.denyTools());
  }

  /** A role from its parts; see {@link RoleConfig}. */
  public static Role of(
      String name,
      List<String> upstreams,
      List<String> tools,
      List<String> classes,
      boolean admin,
      List<String> denyUpstreams,
      List<String> denyTools) {
    return new Role(
        new RoleConfig(name, upstreams, tools, classes, admin, denyUpstreams, denyTools));
  }

  public String name() {
    return config.name();
  }

  /** The configuration it was compiled from. */
  public RoleConfig config() {
    return config;
  }

  public boolean admin() {
    return config.admin();
  }

  boolean grantsUpstream(String upstream) {
    return upstreams.matches(upstream);
  }

  boolean grantsTool(String upstream, String tool) {
    return upstreams.matches(upstream) && tools.matches(tool);
  }

  /** The classes it grants, as a mask of {@link ToolClass} bits. */
  int classes() {
    return classes;
  }

  /** The deny pattern that matches the upstream, or null. */
  String deniedUpstream(String upstream) {
    return denyUpstreams.isEmpty() ? null : denyUpstreams.firstMatch(upstream);
  }

  /** The deny pattern that matches the tool, or null. */
  String deniedTool(String tool) {
    return denyTools.isEmpty() ? null : denyTools.firstMatch(tool);
  }

  @Override
  public String toString() {
    return name();
  }
}
