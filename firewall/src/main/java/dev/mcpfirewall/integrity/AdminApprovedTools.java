package dev.mcpfirewall.integrity;

import java.util.Set;

/**
 * The tools of a {@code tools/list} result whose current definition an admin approved explicitly
 * (not trust on first use), attached to the exchange by {@link ToolPinRecorder}. An admin's
 * approval of an exact definition is the last word on it: the content policy's response stage still
 * redacts such a definition but does not drop the tool from the listing.
 *
 * @param tools the tool names
 */
public record AdminApprovedTools(Set<String> tools) {
  public AdminApprovedTools {
    tools = Set.copyOf(tools);
  }
}
