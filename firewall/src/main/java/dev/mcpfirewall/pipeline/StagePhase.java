package dev.mcpfirewall.pipeline;

/**
 * The fixed order of the agent-to-upstream path (see DESIGN.md, "The path of one message"). A
 * {@link Pipeline} refuses to start when its stages are not in this order, so a mis-wired chain
 * fails at start-up rather than quietly skipping a control.
 */
public enum StagePhase {
  TRANSPORT,
  KILL_SWITCH,
  AUTHENTICATION,
  RATE_LIMIT,
  AUTHORIZATION,
  SCHEMA,
  DETECTION,
  VERDICT,
  AUDIT,
  FORWARD
}
