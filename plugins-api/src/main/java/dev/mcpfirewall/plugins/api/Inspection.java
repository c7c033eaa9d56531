package dev.mcpfirewall.plugins.api;

import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * What a detector is asked to look at: the text of one message and its context.
 *
 * @param direction which way the text travels
 * @param method the MCP method ({@code "tools/call"}, {@code "sampling/createMessage"}, ...), or
 *     {@code "inspect"} for text submitted to the inspection API
 * @param upstream the configured upstream name, or empty when there is none
 * @param tool the tool's name for tool calls, results and descriptions, else empty
 * @param roles the caller's roles
 * @param segments the texts to inspect
 */
public record Inspection(
    Direction direction,
    String method,
    String upstream,
    String tool,
    Set<String> roles,
    List<TextSegment> segments) {

  public Inspection {
    Objects.requireNonNull(direction, "direction");
    method = method == null ? "" : method;
    upstream = upstream == null ? "" : upstream;
    tool = tool == null ? "" : tool;
    roles = roles == null ? Set.of() : Set.copyOf(roles);
    segments = List.copyOf(segments);
  }

  /** Total characters across all segments. */
  public long length() {
    long n = 0;
    for (TextSegment segment : segments) {
      n += segment.text().length();
    }
    return n;
  }
}
