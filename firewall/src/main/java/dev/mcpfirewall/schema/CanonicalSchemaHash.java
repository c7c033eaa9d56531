package dev.mcpfirewall.schema;

import io.vertx.core.json.Json;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * SHA-256 (hex) of a schema's canonical JSON: members sorted by name at every level, no whitespace.
 * Two listings of the same schema with members in another order share a key.
 */
final class CanonicalSchemaHash {

  private CanonicalSchemaHash() {}

  static String of(JsonObject schema) {
    StringBuilder canonical = new StringBuilder();
    write(schema, canonical);
    try {
      byte[] digest =
          MessageDigest.getInstance("SHA-256")
              .digest(canonical.toString().getBytes(StandardCharsets.UTF_8));
      return HexFormat.of().formatHex(digest);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is part of every Java runtime", e);
    }
  }

  private static void write(Object value, StringBuilder out) {
    if (value instanceof JsonObject object) {
      value = object.getMap();
    } else if (value instanceof JsonArray array) {
      value = array.getList();
    }
    if (value instanceof Map<?, ?> map) {
      Map<String, Object> sorted = new TreeMap<>();
      map.forEach((k, v) -> sorted.put(String.valueOf(k), v));
      out.append('{');
      boolean first = true;
      for (Map.Entry<String, Object> entry : sorted.entrySet()) {
        if (!first) {
          out.append(',');
        }
        first = false;
        out.append(Json.encode(entry.getKey())).append(':');
        write(entry.getValue(), out);
      }
      out.append('}');
    } else if (value instanceof List<?> list) {
      out.append('[');
      for (int i = 0; i < list.size(); i++) {
        if (i > 0) {
          out.append(',');
        }
        write(list.get(i), out);
      }
      out.append(']');
    } else {
      out.append(Json.encode(value));
    }
  }
}
