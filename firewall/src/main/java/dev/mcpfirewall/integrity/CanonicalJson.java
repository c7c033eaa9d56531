package dev.mcpfirewall.integrity;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * One spelling per JSON value, so that equal definitions hash equally: object keys sorted by their
 * UTF-16 code units (as RFC 8785 does), no insignificant whitespace, numbers in their shortest Java
 * form. Key order and spacing an upstream happens to use never count as a change.
 */
final class CanonicalJson {
  private CanonicalJson() {}

  static String encode(Object value) {
    StringBuilder out = new StringBuilder(256);
    write(value, out);
    return out.toString();
  }

  private static void write(Object value, StringBuilder out) {
    if (value instanceof JsonObject object) {
      writeObject(object.getMap(), out);
    } else if (value instanceof Map<?, ?> map) {
      writeObject(map, out);
    } else if (value instanceof JsonArray array) {
      writeArray(array.getList(), out);
    } else if (value instanceof List<?> list) {
      writeArray(list, out);
    } else if (value instanceof String s) {
      out.append(io.vertx.core.json.Json.encode(s));
    } else if (value instanceof Double d && d == Math.rint(d) && Math.abs(d) < 1e15) {
      out.append(d.longValue());
    } else if (value instanceof Float f && f == Math.rint(f) && Math.abs(f) < 1e15) {
      out.append(f.longValue());
    } else {
      out.append(value == null ? "null" : String.valueOf(value));
    }
  }

  private static void writeObject(Map<?, ?> map, StringBuilder out) {
    List<String> keys = new ArrayList<>(map.size());
    for (Object key : map.keySet()) {
      keys.add(String.valueOf(key));
    }
    keys.sort(null);
    out.append('{');
    for (int i = 0; i < keys.size(); i++) {
      if (i > 0) {
        out.append(',');
      }
      out.append(io.vertx.core.json.Json.encode(keys.get(i))).append(':');
      write(map.get(keys.get(i)), out);
    }
    out.append('}');
  }

  private static void writeArray(List<?> list, StringBuilder out) {
    out.append('[');
    for (int i = 0; i < list.size(); i++) {
      if (i > 0) {
        out.append(',');
      }
      write(list.get(i), out);
    }
    out.append(']');
  }
}
