package dev.mcpfirewall.schema;

/**
 * Per-upstream strict argument checking, on top of the tool's own schema.
 *
 * <p>When {@link #enabled()}: every object the schema describes with {@code properties} is closed
 * (members it does not declare are refused unless the schema itself says otherwise through {@code
 * additionalProperties}, {@code unevaluatedProperties} or, for pattern-named members, {@code
 * patternProperties}), and strings, arrays, objects and nesting are capped whether or not the
 * schema declares limits. When disabled, only the hard depth cap of {@link ToolSchemaLimits}
 * applies beyond the schema.
 *
 * @param enabled whether the checks below apply at all
 * @param maxStringLength longest string value or member name, in UTF-16 code units
 * @param maxArrayItems longest array
 * @param maxDepth deepest nesting; the arguments object itself is depth 1
 * @param maxProperties most members of one object
 */
public record StrictMode(
    boolean enabled, int maxStringLength, int maxArrayItems, int maxDepth, int maxProperties) {

  public static final int DEFAULT_MAX_STRING_LENGTH = 64 * 1024;
  public static final int DEFAULT_MAX_ARRAY_ITEMS = 10_000;
  public static final int DEFAULT_MAX_DEPTH = 32;
  public static final int DEFAULT_MAX_PROPERTIES = 1_000;

  /** Strict mode off: the schema alone decides (plus the hard depth cap). */
  public static final StrictMode OFF =
      new StrictMode(
          false,
          DEFAULT_MAX_STRING_LENGTH,
          DEFAULT_MAX_ARRAY_ITEMS,
          DEFAULT_MAX_DEPTH,
          DEFAULT_MAX_PROPERTIES);

  public StrictMode {
    if (maxStringLength < 1 || maxArrayItems < 1 || maxDepth < 1 || maxProperties < 1) {
      throw new IllegalArgumentException("strict mode limits must be at least 1");
    }
  }

  /** Strict mode on with the default limits. */
  public static StrictMode defaults() {
    return OFF.withEnabled(true);
  }

  public StrictMode withEnabled(boolean on) {
    return new StrictMode(on, maxStringLength, maxArrayItems, maxDepth, maxProperties);
  }
}
