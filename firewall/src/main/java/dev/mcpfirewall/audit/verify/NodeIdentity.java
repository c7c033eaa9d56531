package dev.mcpfirewall.audit.verify;

/**
 * The node a chain belongs to: the first node name seen (in the checkpoints or the records) fixes
 * it, and any record or checkpoint naming another is a {@code foreign-node} breach, since one
 * directory holds one node's chain.
 */
final class NodeIdentity {
  private final Breaches breaches;
  private String node;

  NodeIdentity(Breaches breaches) {
    this.breaches = breaches;
  }

  void is(String seen, String file, long lineNo, long seq) {
    if (node == null) {
      node = seen;
    } else if (!node.equals(seen)) {
      breaches.breach(
          "foreign-node",
          "written by node '" + seen + "', but the chain belongs to node '" + node + "'",
          file,
          lineNo,
          seq);
    }
  }

  /** The chain's node, or null when nothing named one. */
  String node() {
    return node;
  }
}
