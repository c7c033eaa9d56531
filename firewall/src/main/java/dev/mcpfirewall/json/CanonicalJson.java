package dev.mcpfirewall.json;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;

/**
 * Canonical JSON, the byte form every hash the firewall keeps is computed over (audit records and
 * checkpoints, tool pins, compiled-schema cache keys, configuration fingerprints): object members
 * sorted by key (UTF-16 order, as {@link String#compareTo}), no insignificant whitespace, strings
 * escaped minimally ({@code \"}, {@code \\}, and control characters as {@code \\uXXXX} or their
 * short forms), numbers as Java prints them. The same value always gives the same bytes.
 *
 * <pre>{@code
 * CanonicalJson.encode(new JsonObject().put("b", 1).put("a", "x")) // {"a":"x","b":1}
 * }</pre>
 */
public final class CanonicalJson {
  private CanonicalJson() {}

  /** The canonical text of a JSON value (JsonObject, JsonArray, Map, List, String, Number...). */
  public static String encode(Object value) {
    StringBuilder out = new StringBuilder(256);
    write(out, value);
    return out.toString();
  }

  /** {@code sha256:} and the hex SHA-256 of {@code value}'s canonical UTF-8 bytes. */
  public static String sha256(Object value) {
    try {
      byte[] digest =
          java.security.MessageDigest.getInstance("SHA-256")
              .digest(encode(value).getBytes(java.nio.charset.StandardCharsets.UTF_8));
      return "sha256:" + java.util.HexFormat.of().formatHex(digest);
    } catch (java.security.NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is part of every Java runtime", e);
    }
  }

  /** A value already in canonical form, written as it is (so it is not encoded twice). */
  public record Raw(String canonical) {}

  /** Appends the canonical text of {@code value}. */
  public static void write(StringBuilder out, Object value) {
    if (value == null) {
      out.append("null");
    } else if (value instanceof Raw raw) {
      out.append(raw.canonical());
    } else if (value instanceof String s) {
      string(out, s);
    } else if (value instanceof JsonObject o) {
      object(out, o.getMap());
    } else if (value instanceof Map<?, ?> m) {
      object(out, m);
    } else if (value instanceof JsonArray a) {
      array(out, a.getList());
    } else if (value instanceof List<?> l) {
      array(out, l);
    } else if (value instanceof Boolean b) {
      out.append(b.booleanValue());
    } else if (value instanceof Double d) {
      number(out, d);
    } else if (value instanceof Float f) {
      number(out, f.doubleValue());
    } else if (value instanceof BigDecimal d) {
      out.append(d.toString());
    } else if (value instanceof Number n) {
      out.append(n instanceof BigInteger ? n.toString() : Long.toString(n.longValue()));
    } else if (value instanceof Enum<?> e) {
      string(out, e.name().toLowerCase(java.util.Locale.ROOT));
    } else {
      string(out, value.toString());
    }
  }

  private static void number(StringBuilder out, double d) {
    if (Double.isNaN(d) || Double.isInfinite(d)) {
      out.append("null");
    } else if (d == Math.rint(d) && Math.abs(d) < 1e15) {
      out.append((long) d);
    } else {
      out.append(d);
    }
  }

  private static void object(StringBuilder out, Map<?, ?> map) {
    List<String> keys = new ArrayList<>(map.size());
    for (Object k : map.keySet()) {
      keys.add(String.valueOf(k));
    }
    Collections.sort(keys);
    out.append('{');
    boolean first = true;
    for (String key : keys) {
      if (!first) {
        out.append(',');
      }
      first = false;
      string(out, key);
      out.append(':');
      write(out, map.get(key));
    }
    out.append('}');
  }

  private static void array(StringBuilder out, List<?> list) {
    out.append('[');
    for (int i = 0; i < list.size(); i++) {
      if (i > 0) {
        out.append(',');
      }
      write(out, list.get(i));
    }
    out.append(']');
  }

  /** Appends {@code s} as a JSON string literal. */
  public static void string(StringBuilder out, String s) {
    out.append('"');
    for (int i = 0, n = s.length(); i < n; i++) {
      char c = s.charAt(i);
      switch (c) {
        case '"' -> out.append("\\\"");
        case '\\' -> out.append("\\\\");
        case '\n' -> out.append("\\n");
        case '\r' -> out.append("\\r");
        case '\t' -> out.append("\\t");
        case '\b' -> out.append("\\b");
        case '\f' -> out.append("\\f");
        default -> {
          if (c < 0x20 || c == 0x2028 || c == 0x2029) {
            out.append(String.format("\\u%04x", (int) c));
          } else {
            out.append(c);
          }
        }
      }
    }
    out.append('"');
  }
}
