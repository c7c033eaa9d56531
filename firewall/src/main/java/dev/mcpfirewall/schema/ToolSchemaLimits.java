package dev.mcpfirewall.schema;

/**
 * Settings of a {@link ToolSchemas} that hold for every upstream.
 *
 * @param cacheSize most compiled schemas kept; the least recently used is dropped beyond it
 * @param hardMaxDepth deepest nesting accepted even without strict mode (use the codec's {@code
 *     limits.maxJsonDepth})
 * @param regexBudget character reads all {@code pattern}/{@code patternProperties} matches of one
 *     validation may make together before the value is refused as {@link
 *     Violation#PATTERN_TOO_EXPENSIVE}
 * @param maxEvaluationSteps schema evaluation steps one validation may take before it is refused as
 *     {@link Violation#VALIDATION_TOO_EXPENSIVE}
 * @param maxViolations most violations reported per validation (the rest are dropped)
 */
public record ToolSchemaLimits(
    int cacheSize, int hardMaxDepth, long regexBudget, long maxEvaluationSteps, int maxViolations) {

  public static final int DEFAULT_CACHE_SIZE = 4_096;
  public static final int DEFAULT_HARD_MAX_DEPTH = 64;
  public static final long DEFAULT_REGEX_BUDGET = 250_000;
  public static final long DEFAULT_MAX_EVALUATION_STEPS = 1_000_000;
  public static final int DEFAULT_MAX_VIOLATIONS = 20;

  public ToolSchemaLimits {
    if (cacheSize < 1
        || hardMaxDepth < 1
        || regexBudget < 1
        || maxEvaluationSteps < 1
        || maxViolations < 1) {
      throw new IllegalArgumentException("tool schema limits must be at least 1");
    }
  }

  public static ToolSchemaLimits defaults() {
    return new ToolSchemaLimits(
        DEFAULT_CACHE_SIZE,
        DEFAULT_HARD_MAX_DEPTH,
        DEFAULT_REGEX_BUDGET,
        DEFAULT_MAX_EVALUATION_STEPS,
        DEFAULT_MAX_VIOLATIONS);
  }

  public ToolSchemaLimits withHardMaxDepth(int depth) {
    return new ToolSchemaLimits(cacheSize, depth, regexBudget, maxEvaluationSteps, maxViolations);
  }

  public ToolSchemaLimits withCacheSize(int size) {
    return new ToolSchemaLimits(size, hardMaxDepth, regexBudget, maxEvaluationSteps, maxViolations);
  }

  public ToolSchemaLimits withRegexBudget(long budget) {
    return new ToolSchemaLimits(cacheSize, hardMaxDepth, budget, maxEvaluationSteps, maxViolations);
  }
}
