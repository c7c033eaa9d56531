package dev.mcpfirewall.config;

/**
 * Limits enforced on agent messages before they are parsed.
 *
 * @param maxBodyBytes largest accepted request body; larger bodies get HTTP 413
 * @param maxJsonDepth deepest accepted nesting of JSON objects and arrays
 */
public record LimitsConfig(int maxBodyBytes, int maxJsonDepth) {

  public static final int DEFAULT_MAX_BODY_BYTES = 4 * 1024 * 1024;
  public static final int DEFAULT_MAX_JSON_DEPTH = 64;

  public static LimitsConfig defaults() {
    return new LimitsConfig(DEFAULT_MAX_BODY_BYTES, DEFAULT_MAX_JSON_DEPTH);
  }
}
