package dev.mcpfirewall.schema;

import java.util.List;
import java.util.Map;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Derives strict mode's schema from a tool's schema: every object the schema describes with {@code
 * properties} gets closed, so members it does not declare are refused.
 *
 * <p>In 2019-09 and 2020-12 the derived schema adds {@code unevaluatedProperties: false} at each
 * place an instance object is described (the root, each {@code properties}/{@code
 * patternProperties}/{@code additionalProperties}/{@code items}/{@code prefixItems} subschema),
 * never inside {@code allOf}/{@code anyOf}/{@code oneOf}/{@code if}/{@code then}/{@code else}
 * branches or {@code $defs} entries: {@code unevaluatedProperties} sees the members those branches
 * and {@code $ref} targets declare, so composed objects stay usable. In draft-07 and older, where
 * only {@code additionalProperties} exists and it sees only its sibling {@code properties}, it adds
 * {@code additionalProperties: false} next to each {@code properties} outside combinator branches
 * (including {@code definitions} entries, which {@code $ref} replaces wholesale there); objects
 * composed with {@code allOf} stay open in those dialects.
 *
 * <p>Where a place in a 2019-09/2020-12 schema declares {@code properties} and has no in-place
 * applicator ({@code $ref}, {@code allOf}, {@code anyOf}, {@code oneOf}, {@code if}/{@code
 * then}/{@code else}, {@code dependentSchemas}), {@code additionalProperties: false} is added
 * instead: it means the same there and is much cheaper to evaluate (no annotation collection).
 *
 * <p>A schema that already says {@code additionalProperties} or {@code unevaluatedProperties} at a
 * place is left as it is there, whatever the value: the tool author decided. Nothing inside {@code
 * not} is touched (closing it would loosen the schema).
 */
final class ClosedSchema {

  private static final List<String> OBJECT_POSITIONS = List.of("properties", "patternProperties");
  private static final List<String> SINGLE_POSITIONS =
      List.of(
          "additionalProperties",
          "unevaluatedProperties",
          "additionalItems",
          "unevaluatedItems",
          "contains");
  private static final List<String> BRANCHES = List.of("allOf", "anyOf", "oneOf");
  private static final List<String> CONDITIONALS = List.of("if", "then", "else");
  private static final List<String> IN_PLACE =
      List.of(
          "$ref",
          "$dynamicRef",
          "$recursiveRef",
          "allOf",
          "anyOf",
          "oneOf",
          "if",
          "then",
          "else",
          "dependentSchemas");
  private static final int REF_DEPTH = 16;

  private final ObjectNode root;
  private final boolean unevaluated;

  private ClosedSchema(ObjectNode root, boolean unevaluated) {
    this.root = root;
    this.unevaluated = unevaluated;
  }

  /**
   * The closed copy of {@code schema}.
   *
   * @param unevaluated whether the dialect has {@code unevaluatedProperties} (2019-09, 2020-12)
   */
  static JsonNode of(JsonNode schema, boolean unevaluated) {
    if (!schema.isObject()) {
      return schema;
    }
    ObjectNode copy = (ObjectNode) schema.deepCopy();
    new ClosedSchema(copy, unevaluated).close(copy, true);
    return copy;
  }

  private void close(JsonNode node, boolean describesInstance) {
    if (!(node instanceof ObjectNode schema)) {
      return;
    }
    if (describesInstance
        && !schema.has("additionalProperties")
        && !schema.has("unevaluatedProperties")) {
      boolean declares = schema.has("properties") || schema.has("patternProperties");
      if (declares && (!unevaluated || !hasInPlaceApplicators(schema))) {
        // Same meaning as unevaluatedProperties here, and far cheaper to evaluate: no
        // annotation collection.
        schema.put("additionalProperties", false);
      } else if (unevaluated && declaresProperties(schema, REF_DEPTH)) {
        schema.put("unevaluatedProperties", false);
      }
    }
    for (String keyword : OBJECT_POSITIONS) {
      members(schema.get(keyword)).forEach(e -> close(e.getValue(), true));
    }
    for (String keyword : List.of("$defs", "definitions")) {
      members(schema.get(keyword)).forEach(e -> close(e.getValue(), !unevaluated));
    }
    for (String keyword : SINGLE_POSITIONS) {
      close(schema.get(keyword), true);
    }
    JsonNode items = schema.get("items");
    if (items != null && items.isArray()) {
      items.forEach(item -> close(item, true));
    } else {
      close(items, true);
    }
    JsonNode prefixItems = schema.get("prefixItems");
    if (prefixItems != null && prefixItems.isArray()) {
      prefixItems.forEach(item -> close(item, true));
    }
    for (String keyword : BRANCHES) {
      JsonNode branches = schema.get(keyword);
      if (branches != null && branches.isArray()) {
        branches.forEach(branch -> close(branch, false));
      }
    }
    for (String keyword : CONDITIONALS) {
      close(schema.get(keyword), false);
    }
    members(schema.get("dependentSchemas")).forEach(e -> close(e.getValue(), false));
  }

  /**
   * Whether other subschemas may evaluate members of the same object ({@code $ref}, combinators).
   */
  private static boolean hasInPlaceApplicators(JsonNode node) {
    for (String keyword : IN_PLACE) {
      if (node.has(keyword)) {
        return true;
      }
    }
    return false;
  }

  /** Whether the schema, its in-place branches or its local {@code $ref} target declare members. */
  private boolean declaresProperties(JsonNode node, int depth) {
    if (depth == 0 || !node.isObject()) {
      return false;
    }
    if (node.has("properties") || node.has("patternProperties")) {
      return true;
    }
    JsonNode ref = node.get("$ref");
    if (ref != null
        && ref.isString()
        && (ref.asString().equals("#") || ref.asString().startsWith("#/"))) {
      JsonNode target = root.at(ref.asString().substring(1));
      if (!target.isMissingNode() && declaresProperties(target, depth - 1)) {
        return true;
      }
    }
    for (String keyword : BRANCHES) {
      JsonNode branches = node.get(keyword);
      if (branches != null && branches.isArray()) {
        for (JsonNode branch : branches) {
          if (declaresProperties(branch, depth - 1)) {
            return true;
          }
        }
      }
    }
    for (String keyword : CONDITIONALS) {
      JsonNode branch = node.get(keyword);
      if (branch != null && declaresProperties(branch, depth - 1)) {
        return true;
      }
    }
    return false;
  }

  private static Iterable<Map.Entry<String, JsonNode>> members(JsonNode node) {
    return node != null && node.isObject() ? node.properties() : List.of();
  }
}
