package dev.mcpfirewall.detect.text;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Walks a JSON value and adds every string in it to a {@link ScanText}, with its JSON pointer.
 * Members that carry no prose (protocol bookkeeping, MIME types, binary payloads) are skipped.
 */
public final class JsonStrings {
  /** Members whose values are protocol bookkeeping, never text a person or model wrote. */
  static final Set<String> SKIPPED =
      Set.of(
          "_meta",
          "jsonrpc",
          "id",
          "progressToken",
          "cursor",
          "nextCursor",
          "protocolVersion",
          "mimeType",
          "type",
          "blob",
          "$schema");

  /** Deeper than this, nothing is walked: the transport guard limits JSON depth anyway. */
  static final int MAX_DEPTH = 64;

  private JsonStrings() {}

  /** Adds the strings in {@code value}, whose pointer is {@code pointer}. */
  public static void walk(Object value, String pointer, ScanText.Builder into) {
    walk(value, pointer, into, 0);
  }

  private static void walk(Object value, String pointer, ScanText.Builder into, int depth) {
    if (depth > MAX_DEPTH || value == null) {
      return;
    }
    if (value instanceof String s) {
      into.add(pointer, s);
    } else if (value instanceof JsonObject o) {
      members(o.getMap(), pointer, into, depth);
    } else if (value instanceof Map<?, ?> m) {
      members(m, pointer, into, depth);
    } else if (value instanceof JsonArray a) {
      items(a.getList(), pointer, into, depth);
    } else if (value instanceof List<?> l) {
      items(l, pointer, into, depth);
    }
  }

  private static void members(Map<?, ?> map, String pointer, ScanText.Builder into, int depth) {
    boolean binaryData = isBinaryContent(map.get("type"));
    for (Map.Entry<?, ?> e : map.entrySet()) {
      String key = String.valueOf(e.getKey());
      if (SKIPPED.contains(key) || (binaryData && key.equals("data"))) {
        continue;
      }
      walk(e.getValue(), child(pointer, key), into, depth + 1);
    }
  }

  private static void items(List<?> list, String pointer, ScanText.Builder into, int depth) {
    for (int i = 0, n = list.size(); i < n; i++) {
      walk(list.get(i), pointer + "/" + i, into, depth + 1);
    }
  }

  private static boolean isBinaryContent(Object type) {
    return "image".equals(type) || "audio".equals(type);
  }

  /** {@code pointer} extended by one member name, escaped as RFC 6901 asks. */
  public static String child(String pointer, String key) {
    if (key.indexOf('~') < 0 && key.indexOf('/') < 0) {
      return pointer + "/" + key;
    }
    return pointer + "/" + key.replace("~", "~0").replace("/", "~1");
  }
}
