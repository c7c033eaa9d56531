package dev.mcpfirewall.schema;

import com.networknt.schema.Error;
import java.util.ArrayList;
import java.util.List;
import tools.jackson.databind.JsonNode;

/**
 * Turns the validator's errors into {@link Violation}s: the pointer into the value, the keyword,
 * and plain words that name the rule but never repeat the offending value (arguments may hold
 * secrets, and a refusal should not echo a 60 KB string back).
 */
final class ViolationWording {

  private ViolationWording() {}

  static Violation of(Error error) {
    String pointer = error.getInstanceLocation().toString();
    String keyword = error.getKeyword() == null ? "schema" : error.getKeyword();
    String property = error.getProperty();
    return switch (keyword) {
      case "required" ->
          new Violation(child(pointer, property), keyword, "required property is missing");
      case "additionalProperties", "unevaluatedProperties" ->
          new Violation(
              child(pointer, property), keyword, "property is not declared by the tool's schema");
      case "dependentRequired", "dependencies" ->
          new Violation(pointer, keyword, stripLocation(error.getMessage(), pointer));
      default -> new Violation(pointer, keyword, words(keyword, error, pointer));
    };
  }

  private static String words(String keyword, Error error, String pointer) {
    JsonNode rule = error.getSchemaNode();
    return switch (keyword) {
      case "type" -> "must be " + types(rule) + ", found " + found(error.getInstanceNode());
      case "maxLength" -> "must be at most " + rule.asString() + " characters long";
      case "minLength" -> "must be at least " + rule.asString() + " characters long";
      case "maxItems" -> "must have at most " + rule.asString() + " items";
      case "minItems" -> "must have at least " + rule.asString() + " items";
      case "maxProperties" -> "must have at most " + rule.asString() + " properties";
      case "minProperties" -> "must have at least " + rule.asString() + " properties";
      case "maximum" -> "must be at most " + rule.asString();
      case "minimum" -> "must be at least " + rule.asString();
      case "exclusiveMaximum" -> "must be less than " + rule.asString();
      case "exclusiveMinimum" -> "must be greater than " + rule.asString();
      case "multipleOf" -> "must be a multiple of " + rule.asString();
      case "pattern" -> "must match the pattern " + rule.asString();
      case "format" -> "must be a valid " + rule.asString();
      case "enum" -> "must be one of " + rule;
      case "const" -> "must be " + rule;
      case "uniqueItems" -> "must not contain the same item twice";
      case "oneOf" -> "must match exactly one of the allowed forms";
      case "anyOf" -> "must match at least one of the allowed forms";
      case "not" -> "must not match the excluded form";
      case "false" -> "no value is allowed here";
      default -> stripLocation(error.getMessage(), pointer);
    };
  }

  private static String types(JsonNode rule) {
    List<String> types = new ArrayList<>();
    if (rule != null && rule.isArray()) {
      rule.forEach(t -> types.add(t.asString()));
    } else if (rule != null) {
      types.add(rule.asString());
    }
    return types.isEmpty() ? "of another type" : String.join(" or ", types);
  }

  private static String found(JsonNode node) {
    if (node == null || node.isNull() || node.isMissingNode()) {
      return "null";
    }
    if (node.isIntegralNumber()) {
      return "integer";
    }
    if (node.isNumber()) {
      return "number";
    }
    if (node.isBoolean()) {
      return "boolean";
    }
    if (node.isObject()) {
      return "object";
    }
    if (node.isArray()) {
      return "array";
    }
    return "string";
  }

  /** networknt's messages start with the instance location; the pointer already says it. */
  private static String stripLocation(String message, String pointer) {
    String prefix = pointer + ": ";
    return message != null && message.startsWith(prefix)
        ? message.substring(prefix.length())
        : String.valueOf(message);
  }

  static String child(String pointer, String property) {
    return property == null ? pointer : pointer + "/" + InstanceTree.escape(property);
  }
}
