package dev.mcpfirewall.plugins.api;

/** Which way the inspected text travels. */
public enum Direction {
  /** From an agent (or its user) towards a tool server or model: requests, user messages. */
  INBOUND,
  /** From a tool server or model back to the agent: results, notifications, model answers. */
  OUTBOUND,
  /** A tool's advertised definition: its description and the texts of its schemas. */
  TOOL_DESCRIPTION
}
