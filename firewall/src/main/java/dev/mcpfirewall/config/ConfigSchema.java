package dev.mcpfirewall.config;

import com.networknt.schema.Error;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaLocation;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SchemaRegistryConfig;
import com.networknt.schema.SpecificationVersion;
import com.networknt.schema.path.PathType;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.StreamSupport;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * The JSON Schema of the configuration file ({@code config/schema/mcp-firewall.schema.json},
 * shipped on the classpath), compiled once, and the translation of its validation errors into plain
 * words.
 *
 * <p>Messages come from the schema's {@code errorMessage} entries where it has them (pattern
 * keywords, combinators), and from {@link #describe} otherwise. An {@code errorMessage} for {@code
 * anyOf} or {@code oneOf} replaces every failure inside that combinator's branches: an operator who
 * wrote {@code 5 minutes} wants to read what a duration looks like, not why each alternative form
 * failed.
 */
final class ConfigSchema {

  static final String RESOURCE = "dev/mcpfirewall/config/schema/mcp-firewall.schema.json";

  private static final String ERROR_MESSAGE = "errorMessage";
  private static final Set<String> COMBINATORS = Set.of("anyOf", "oneOf");

  private final Schema schema;
  private final JsonNode schemaJson;

  private ConfigSchema() {
    SchemaRegistry registry =
        SchemaRegistry.withDefaultDialect(
            SpecificationVersion.DRAFT_2020_12,
            builder ->
                builder
                    .schemaRegistryConfig(
                        SchemaRegistryConfig.builder()
                            .pathType(PathType.JSON_POINTER)
                            .formatAssertionsEnabled(true)
                            .errorMessageKeyword(ERROR_MESSAGE)
                            .build())
                    // The schema is self-contained: nothing is ever fetched, from anywhere.
                    .schemaLoader(
                        loader ->
                            loader
                                .fetchRemoteResources(false)
                                .block(iri -> !iri.toString().startsWith("classpath:"))));
    this.schema = registry.getSchema(SchemaLocation.of("classpath:" + RESOURCE));
    this.schema.initializeValidators();
    this.schemaJson = schema.getSchemaNode();
  }

  private static final class Compiled {
    static final ConfigSchema INSTANCE = new ConfigSchema();
  }

  /** The compiled schema, built on first use and shared: it is immutable and thread-safe. */
  static ConfigSchema get() {
    return Compiled.INSTANCE;
  }

  /** Problems with {@code document} (the plain values of a {@link YamlDocument}). */
  List<ConfigProblem> validate(Object document) {
    Set<ConfigProblem> problems = new LinkedHashSet<>();
    for (Error error : schema.validate(toJson(document))) {
      ConfigProblem problem = describe(error);
      if (problem != null) {
        problems.add(problem);
      }
    }
    return List.copyOf(problems);
  }

  /** The plain-words problem an error stands for, or null when its combinator reports it. */
  private ConfigProblem describe(Error error) {
    String instance = error.getInstanceLocation().toString();
    List<String> schemaPath = schemaPath(error);
    int combinator = lastCombinator(schemaPath);
    if (combinator >= 0) {
      JsonNode owner = schemaJson.at(pointer(schemaPath.subList(0, combinator)));
      JsonNode message = owner.path(ERROR_MESSAGE).path(schemaPath.get(combinator));
      if (message.isString()) {
        return ConfigProblem.at(instance, message.asString());
      }
      if (schemaPath.get(combinator).equals("oneOf")) {
        return null; // the oneOf error itself is reported, and says more than its branches
      }
    }
    String keyword = error.getKeyword();
    String property = error.getProperty();
    return switch (keyword) {
      case "additionalProperties" ->
          ConfigProblem.atKey(
              ConfigProblem.child(instance, property), unknownKey(property, schemaPath));
      case "propertyNames" ->
          ConfigProblem.atKey(
              ConfigProblem.child(instance, property),
              error.isCustomMessage() ? error.getMessage() : "is not an allowed key here");
      case "dependentRequired" ->
          ConfigProblem.atKey(
              ConfigProblem.child(instance, property),
              "allowed only together with " + error.getArguments()[0]);
      case "required" -> ConfigProblem.at(instance, "missing required key " + property);
      default ->
          ConfigProblem.at(
              instance, error.isCustomMessage() ? error.getMessage() : plainWords(error));
    };
  }

  private static String plainWords(Error error) {
    JsonNode rule = error.getSchemaNode();
    return switch (error.getKeyword()) {
      case "type" -> wrongType(rule, error.getInstanceNode());
      case "enum" ->
          "must be one of: "
              + StreamSupport.stream(rule.spliterator(), false)
                  .map(JsonNode::asString)
                  .collect(Collectors.joining(", "));
      case "minimum" -> "must be at least " + rule.asString();
      case "maximum" -> "must be at most " + rule.asString();
      case "minItems" ->
          rule.asInt() == 1
              ? "must list at least one entry"
              : "must list at least " + rule.asInt() + " entries";
      case "uniqueItems" -> "must not list the same value twice";
      case "minLength" ->
          rule.asInt() == 1
              ? "must not be empty"
              : "must be at least " + rule.asInt() + " characters long";
      case "pattern" -> "must match the pattern " + rule.asString();
      case "format" -> "must be a valid " + rule.asString();
      case "oneOf" -> "must match exactly one of the allowed forms";
      default -> error.getMessage();
    };
  }

  private static String wrongType(JsonNode expected, JsonNode found) {
    List<String> types = new ArrayList<>();
    if (expected.isArray()) {
      expected.forEach(t -> types.add(t.asString()));
    } else {
      types.add(expected.asString());
    }
    String wanted =
        types.stream().map(ConfigSchema::typeInWords).collect(Collectors.joining(" or "));
    String message = "must be " + wanted + ", found " + foundInWords(found);
    if (types.contains("string") && (found.isNumber() || found.isBoolean())) {
      return message + " (put the value in quotes)";
    }
    if ((types.contains("integer") || types.contains("number"))
        && found.isString()
        && found.asString().matches("-?[0-9]+(\\.[0-9]+)?")) {
      return message + " (remove the quotes)";
    }
    return message;
  }

  private static String typeInWords(String type) {
    return switch (type) {
      case "string" -> "a string";
      case "integer" -> "a whole number";
      case "number" -> "a number";
      case "boolean" -> "true or false";
      case "object" -> "a mapping of keys to values";
      case "array" -> "a list";
      case "null" -> "empty";
      default -> type;
    };
  }

  private static String foundInWords(JsonNode found) {
    if (found == null || found.isNull() || found.isMissingNode()) {
      return "nothing (the value is empty)";
    }
    if (found.isIntegralNumber()) {
      return "a whole number";
    }
    if (found.isNumber()) {
      return "a number";
    }
    if (found.isBoolean()) {
      return "true/false";
    }
    if (found.isObject()) {
      return "a mapping";
    }
    if (found.isArray()) {
      return "a list";
    }
    return "a string";
  }

  private String unknownKey(String key, List<String> schemaPath) {
    JsonNode owner = schemaJson.at(pointer(schemaPath.subList(0, schemaPath.size() - 1)));
    List<String> allowed = new ArrayList<>(owner.path("properties").propertyNames());
    StringBuilder message = new StringBuilder("unknown key");
    closest(key, allowed).ifPresent(s -> message.append(" (did you mean ").append(s).append("?)"));
    if (allowed.isEmpty()) {
      message.append("; no keys are allowed here");
    } else {
      message.append("; allowed here: ").append(String.join(", ", allowed));
    }
    return message.toString();
  }

  /** The allowed key a misspelt {@code key} most likely meant: a case slip or two typos away. */
  static Optional<String> closest(String key, List<String> allowed) {
    String best = null;
    int bestDistance = Integer.MAX_VALUE;
    for (String candidate : allowed) {
      int distance =
          candidate.equalsIgnoreCase(key)
              ? 0
              : editDistance(key.toLowerCase(Locale.ROOT), candidate.toLowerCase(Locale.ROOT));
      if (distance < bestDistance) {
        best = candidate;
        bestDistance = distance;
      }
    }
    int tolerated = Math.min(2, key.length() / 3);
    return bestDistance <= tolerated ? Optional.of(best) : Optional.empty();
  }

  private static int editDistance(String a, String b) {
    int[] previous = new int[b.length() + 1];
    int[] current = new int[b.length() + 1];
    for (int j = 0; j <= b.length(); j++) {
      previous[j] = j;
    }
    for (int i = 1; i <= a.length(); i++) {
      current[0] = i;
      for (int j = 1; j <= b.length(); j++) {
        int substitution = previous[j - 1] + (a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1);
        current[j] = Math.min(substitution, Math.min(previous[j], current[j - 1]) + 1);
      }
      int[] swap = previous;
      previous = current;
      current = swap;
    }
    return previous[b.length()];
  }

  /** The error's location inside the schema, as unescaped JSON pointer segments. */
  private static List<String> schemaPath(Error error) {
    String location = error.getSchemaLocation().toString();
    int hash = location.indexOf('#');
    String fragment = hash < 0 ? "" : location.substring(hash + 1);
    List<String> segments = new ArrayList<>();
    for (String segment : fragment.split("/")) {
      if (!segment.isEmpty()) {
        segments.add(segment.replace("~1", "/").replace("~0", "~"));
      }
    }
    return segments;
  }

  /** Index of the innermost {@code anyOf}/{@code oneOf} keyword followed by a branch index. */
  private static int lastCombinator(List<String> schemaPath) {
    for (int i = schemaPath.size() - 2; i >= 0; i--) {
      if (COMBINATORS.contains(schemaPath.get(i)) && schemaPath.get(i + 1).matches("[0-9]+")) {
        return i;
      }
    }
    return -1;
  }

  private static String pointer(List<String> segments) {
    return segments.stream()
        .map(s -> "/" + s.replace("~", "~0").replace("/", "~1"))
        .collect(Collectors.joining());
  }

  /** The YAML document's plain values as a Jackson tree, the validator's input. */
  static JsonNode toJson(Object value) {
    JsonNodeFactory nodes = JsonNodeFactory.instance;
    if (value instanceof Map<?, ?> map) {
      ObjectNode object = nodes.objectNode();
      map.forEach((k, v) -> object.set(String.valueOf(k), toJson(v)));
      return object;
    }
    if (value instanceof List<?> list) {
      ArrayNode array = nodes.arrayNode(list.size());
      list.forEach(v -> array.add(toJson(v)));
      return array;
    }
    if (value instanceof String text) {
      return nodes.stringNode(text);
    }
    if (value instanceof Boolean flag) {
      return nodes.booleanNode(flag);
    }
    if (value instanceof Integer i) {
      return nodes.numberNode(i);
    }
    if (value instanceof Long l) {
      return nodes.numberNode(l);
    }
    if (value instanceof BigInteger big) {
      return nodes.numberNode(big);
    }
    if (value instanceof Double d) {
      return nodes.numberNode(d);
    }
    if (value instanceof BigDecimal decimal) {
      return nodes.numberNode(decimal);
    }
    return nodes.nullNode();
  }
}
