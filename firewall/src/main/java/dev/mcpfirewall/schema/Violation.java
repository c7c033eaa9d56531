package dev.mcpfirewall.schema;

import io.vertx.core.json.JsonObject;

/**
 * One way a tool call's arguments (or a tool result's {@code structuredContent}) break the tool's
 * schema.
 *
 * @param pointer JSON pointer into the validated value, relative to it: {@code ""} is the whole
 *     {@code arguments} object, {@code /query} its {@code query} member, {@code /items/3} the
 *     fourth entry of {@code items}. For {@code required}, {@code additionalProperties} and {@code
 *     unevaluatedProperties} it names the missing or undeclared property itself.
 * @param rule the JSON Schema keyword that failed ({@code type}, {@code required}, {@code pattern},
 *     {@code format}, ...) or one of the firewall's own rules ({@link #PATTERN_TOO_EXPENSIVE},
 *     {@link #STRING_TOO_LONG}, {@link #TOO_MANY_ITEMS}, {@link #TOO_MANY_PROPERTIES}, {@link
 *     #TOO_DEEP}, {@link #VALIDATION_TOO_EXPENSIVE})
 * @param message what is wrong, in plain words; never echoes the offending value
 */
public record Violation(String pointer, String rule, String message) {

  /** A schema {@code pattern} used up the regex budget on this value: refused, not matched. */
  public static final String PATTERN_TOO_EXPENSIVE = "pattern_too_expensive";

  /** A string longer than strict mode's {@link StrictMode#maxStringLength()}. */
  public static final String STRING_TOO_LONG = "string_too_long";

  /** An array longer than strict mode's {@link StrictMode#maxArrayItems()}. */
  public static final String TOO_MANY_ITEMS = "too_many_items";

  /** An object with more members than strict mode's {@link StrictMode#maxProperties()}. */
  public static final String TOO_MANY_PROPERTIES = "too_many_properties";

  /** Nesting deeper than strict mode's {@link StrictMode#maxDepth()} or the hard depth cap. */
  public static final String TOO_DEEP = "too_deep";

  /** Schema evaluation used up its step budget (a pathological schema/value combination). */
  public static final String VALIDATION_TOO_EXPENSIVE = "validation_too_expensive";

  /** {@code {"pointer": ..., "rule": ..., "message": ...}}. */
  public JsonObject toJson() {
    return new JsonObject().put("pointer", pointer).put("rule", rule).put("message", message);
  }
}
