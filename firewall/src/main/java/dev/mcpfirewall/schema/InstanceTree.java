package dev.mcpfirewall.schema;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * Turns a Vert.x JSON value (as the codec parsed it) into the validator's Jackson 3 tree, checking
 * the size caps on the way: one pass over the value, and a value over a cap is never handed to the
 * schema (so an oversized string never meets a {@code pattern}).
 */
final class InstanceTree {

  private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

  private final int maxDepth;
  private final StrictMode strict;
  private final int maxViolations;
  private final List<Violation> violations = new ArrayList<>();
  // The path to the value being converted; a pointer string is built only for a violation.
  private final ArrayList<Object> path = new ArrayList<>();

  private InstanceTree(int hardMaxDepth, StrictMode strict, int maxViolations) {
    this.strict = strict;
    this.maxDepth = strict.enabled() ? Math.min(hardMaxDepth, strict.maxDepth()) : hardMaxDepth;
    this.maxViolations = maxViolations;
  }

  /** The converted value, or the caps it breaks. */
  record Result(JsonNode node, List<Violation> violations) {}

  static Result of(Object value, int hardMaxDepth, StrictMode strict, int maxViolations) {
    InstanceTree tree = new InstanceTree(hardMaxDepth, strict, maxViolations);
    JsonNode node = tree.convert(value, 0);
    return new Result(node, List.copyOf(tree.violations));
  }

  /** The schema itself (a tool definition's {@code inputSchema}), with no caps. */
  static JsonNode ofSchema(JsonObject schema) {
    return new InstanceTree(Integer.MAX_VALUE, StrictMode.OFF, 1).convert(schema, 0);
  }

  private JsonNode convert(Object value, int depth) {
    if (value instanceof JsonObject object) {
      return object(object.getMap(), depth + 1);
    }
    if (value instanceof Map<?, ?> map) {
      return object(map, depth + 1);
    }
    if (value instanceof JsonArray array) {
      return array(array.getList(), depth + 1);
    }
    if (value instanceof List<?> list) {
      return array(list, depth + 1);
    }
    if (value instanceof String text) {
      if (strict.enabled() && text.length() > strict.maxStringLength()) {
        report(
            Violation.STRING_TOO_LONG,
            "string of "
                + text.length()
                + " characters is longer than the allowed "
                + strict.maxStringLength());
      }
      return NODES.stringNode(text);
    }
    return scalar(value);
  }

  private JsonNode object(Map<?, ?> map, int depth) {
    if (depth > maxDepth) {
      report(Violation.TOO_DEEP, "nested deeper than the allowed " + maxDepth + " levels");
      return NODES.objectNode();
    }
    if (strict.enabled() && map.size() > strict.maxProperties()) {
      report(
          Violation.TOO_MANY_PROPERTIES,
          "object with "
              + map.size()
              + " members has more than the allowed "
              + strict.maxProperties());
    }
    ObjectNode object = new ObjectNode(NODES, new LinkedHashMap<>(map.size() * 4 / 3 + 1));
    for (Map.Entry<?, ?> entry : map.entrySet()) {
      String key = String.valueOf(entry.getKey());
      path.add(key);
      if (strict.enabled() && key.length() > strict.maxStringLength()) {
        report(
            Violation.STRING_TOO_LONG,
            "member name of "
                + key.length()
                + " characters is longer than the allowed "
                + strict.maxStringLength());
      }
      object.set(key, convert(entry.getValue(), depth));
      path.remove(path.size() - 1);
    }
    return object;
  }

  private JsonNode array(List<?> list, int depth) {
    if (depth > maxDepth) {
      report(Violation.TOO_DEEP, "nested deeper than the allowed " + maxDepth + " levels");
      return NODES.arrayNode();
    }
    if (strict.enabled() && list.size() > strict.maxArrayItems()) {
      report(
          Violation.TOO_MANY_ITEMS,
          "array of "
              + list.size()
              + " items is longer than the allowed "
              + strict.maxArrayItems());
    }
    ArrayNode array = NODES.arrayNode(list.size());
    for (int i = 0; i < list.size(); i++) {
      path.add(i);
      array.add(convert(list.get(i), depth));
      path.remove(path.size() - 1);
    }
    return array;
  }

  private static JsonNode scalar(Object value) {
    if (value == null) {
      return NODES.nullNode();
    }
    if (value instanceof Boolean flag) {
      return NODES.booleanNode(flag);
    }
    if (value instanceof Integer i) {
      return NODES.numberNode(i);
    }
    if (value instanceof Long l) {
      return NODES.numberNode(l);
    }
    if (value instanceof Short s) {
      return NODES.numberNode(s.intValue());
    }
    if (value instanceof Byte b) {
      return NODES.numberNode(b.intValue());
    }
    if (value instanceof BigInteger big) {
      return NODES.numberNode(big);
    }
    if (value instanceof BigDecimal decimal) {
      return NODES.numberNode(decimal);
    }
    if (value instanceof Double d) {
      return NODES.numberNode(d);
    }
    if (value instanceof Float f) {
      return NODES.numberNode(f.doubleValue());
    }
    if (value instanceof byte[] bytes) {
      return NODES.stringNode(Base64.getEncoder().encodeToString(bytes));
    }
    // Anything else Vert.x would encode as a string (Instant, Enum, CharSequence).
    return NODES.stringNode(String.valueOf(value));
  }

  private void report(String rule, String message) {
    if (violations.size() < maxViolations) {
      StringBuilder pointer = new StringBuilder();
      for (Object segment : path) {
        pointer.append('/').append(segment instanceof String key ? escape(key) : segment);
      }
      violations.add(new Violation(pointer.toString(), rule, message));
    }
  }

  static String escape(String key) {
    if (key.indexOf('~') < 0 && key.indexOf('/') < 0) {
      return key;
    }
    return key.replace("~", "~0").replace("/", "~1");
  }
}
