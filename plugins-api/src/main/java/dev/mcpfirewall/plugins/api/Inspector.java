package dev.mcpfirewall.plugins.api;

import java.util.List;

/**
 * A configured detector at work. Immutable and thread-safe: the firewall calls it from many threads
 * at once.
 */
@FunctionalInterface
public interface Inspector {

  /**
   * Inspects the text of one message.
   *
   * @return the findings, in any order; an empty list when there are none, never null
   */
  List<Finding> inspect(Inspection inspection);
}
