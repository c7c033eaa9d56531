package dev.mcpfirewall.schema;

import java.util.Map;
import tools.jackson.databind.JsonNode;

/**
 * Finds where a string sits in a value: the pointer of the first member name or string equal to it.
 */
final class ValuePointer {

  private ValuePointer() {}

  /** The pointer of {@code text} in {@code node}, or {@code ""} when it is not there. */
  static String find(JsonNode node, String text) {
    String found = search(node, text, "");
    return found == null ? "" : found;
  }

  private static String search(JsonNode node, String text, String pointer) {
    if (node.isString()) {
      return node.asString().equals(text) ? pointer : null;
    }
    if (node.isObject()) {
      for (Map.Entry<String, JsonNode> member : node.properties()) {
        String child = pointer + "/" + InstanceTree.escape(member.getKey());
        if (member.getKey().equals(text)) {
          return child;
        }
        String found = search(member.getValue(), text, child);
        if (found != null) {
          return found;
        }
      }
    } else if (node.isArray()) {
      for (int i = 0; i < node.size(); i++) {
        String found = search(node.get(i), text, pointer + "/" + i);
        if (found != null) {
          return found;
        }
      }
    }
    return null;
  }
}
