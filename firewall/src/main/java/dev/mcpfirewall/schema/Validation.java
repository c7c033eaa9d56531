package dev.mcpfirewall.schema;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.List;

/**
 * The outcome of validating one value against a tool schema: valid, or the violations found (at
 * most {@link ToolSchemaLimits#maxViolations()} of them, in document order as far as the validator
 * reports it).
 *
 * <p>{@link #errorData(String)} is the one place that shapes the JSON-RPC {@code error.data} of a
 * refused call: {@code {"reason": "invalid_arguments", "violations": [{"pointer": "/query", "rule":
 * "maxLength", "message": "..."}]}}, sent with code {@link #INVALID_PARAMS} ({@code -32602}).
 */
public record Validation(List<Violation> violations) {

  /** JSON-RPC "Invalid params", the error code of a call whose arguments break the schema. */
  public static final int INVALID_PARAMS = -32602;

  /** {@code error.data.reason} of a call refused for its arguments. */
  public static final String INVALID_ARGUMENTS = "invalid_arguments";

  /** {@code error.data.reason} of a result refused for its {@code structuredContent}. */
  public static final String INVALID_STRUCTURED_CONTENT = "invalid_structured_content";

  private static final Validation VALID = new Validation(List.of());

  public Validation {
    violations = List.copyOf(violations);
  }

  /** No violations. */
  public static Validation valid() {
    return VALID;
  }

  static Validation of(List<Violation> violations) {
    return violations.isEmpty() ? VALID : new Validation(violations);
  }

  /** True when nothing was violated. */
  public boolean isValid() {
    return violations.isEmpty();
  }

  /**
   * {@code error.data} for a refused call: {@link #errorData(String)} with {@link
   * #INVALID_ARGUMENTS}.
   */
  public JsonObject invalidArgumentsData() {
    return errorData(INVALID_ARGUMENTS);
  }

  /** {@code {"reason": reason, "violations": [...]}}. */
  public JsonObject errorData(String reason) {
    JsonArray list = new JsonArray();
    violations.forEach(v -> list.add(v.toJson()));
    return new JsonObject().put("reason", reason).put("violations", list);
  }

  /** A one-line summary for logs and audit records, e.g. {@code /query: maxLength (+2 more)}. */
  public String summary() {
    if (violations.isEmpty()) {
      return "valid";
    }
    Violation first = violations.get(0);
    String where = first.pointer().isEmpty() ? "(root)" : first.pointer();
    String more = violations.size() > 1 ? " (+" + (violations.size() - 1) + " more)" : "";
    return where + ": " + first.rule() + more;
  }
}
