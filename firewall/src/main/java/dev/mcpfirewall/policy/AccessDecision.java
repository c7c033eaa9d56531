package dev.mcpfirewall.policy;

/**
 * What authorization decided about one upstream or tool for one principal: allowed, or refused with
 * a stable {@link Reason} code and a message the agent may see. Messages name only what the caller
 * asked for (the upstream, the tool, its class, the caller's own roles), never other tools.
 *
 * @param reason why; {@link Reason#GRANTED} when allowed
 * @param message a human-readable explanation ending in the reason code, empty when allowed
 */
public record AccessDecision(Reason reason, String message) {

  /** The decision for everything that is allowed; shared, so allowing allocates nothing. */
  public static final AccessDecision ALLOWED = new AccessDecision(Reason.GRANTED, "");

  /** Why a decision went the way it did. {@link #code()} is stable: clients and audits match it. */
  public enum Reason {
    GRANTED("granted"),
    /** The caller carries no role (or no known role), or none of its roles grants the upstream. */
    UPSTREAM_NOT_GRANTED("upstream_not_granted"),
    /** One of the caller's roles denies the upstream. */
    UPSTREAM_DENIED("upstream_denied"),
    /** The API key's upstream scope excludes the upstream. */
    SCOPE_EXCLUDES_UPSTREAM("scope_excludes_upstream"),
    /** One of the caller's roles denies the tool. */
    TOOL_DENIED("tool_denied"),
    /** No role grants the tool's name on this upstream. */
    TOOL_NOT_GRANTED("tool_not_granted"),
    /** The API key's tool scope excludes the tool. */
    SCOPE_EXCLUDES_TOOL("scope_excludes_tool"),
    /** The upstream never listed the tool: it cannot be classified, so it cannot be called. */
    UNKNOWN_TOOL("unknown_tool"),
    /** The tool is destructive and the roles that grant its name grant no destructive tools. */
    DESTRUCTIVE_NOT_GRANTED("destructive_not_granted"),
    /** The tool is read-only and the roles that grant its name grant destructive tools only. */
    READ_ONLY_NOT_GRANTED("read_only_not_granted"),
    /** The API key's class scope excludes the tool's class. */
    SCOPE_EXCLUDES_CLASS("scope_excludes_class");

    private final String code;

    Reason(String code) {
      this.code = code;
    }

    /** The stable, machine-readable code, e.g. {@code destructive_not_granted}. */
    public String code() {
      return code;
    }

    @Override
    public String toString() {
      return code;
    }
  }

  public boolean allowed() {
    return reason == Reason.GRANTED;
  }

  static AccessDecision refuse(Reason reason, String explanation) {
    return new AccessDecision(reason, explanation + " (" + reason.code() + ")");
  }
}
