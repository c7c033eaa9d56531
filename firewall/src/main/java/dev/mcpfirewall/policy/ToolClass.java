package dev.mcpfirewall.policy;

import io.vertx.core.json.JsonObject;

/**
 * What calling a tool can do, as authorization sees it. Roles and key scopes grant tools by class,
 * so that a {@code reader} can never reach a tool that changes anything.
 *
 * <p>The class is fail-safe: a tool is {@link #READ_ONLY} only when its MCP annotations say {@code
 * readOnlyHint: true} (the JSON boolean, not a string) and do not also claim {@code
 * destructiveHint: true}, or when an admin override says so (see {@link ToolClassOverrides}).
 * Everything else, including a tool without annotations and a tool no upstream has listed, is
 * {@link #DESTRUCTIVE}.
 */
public enum ToolClass {
  READ_ONLY("read-only"),
  DESTRUCTIVE("destructive");

  private final String label;

  ToolClass(String label) {
    this.label = label;
  }

  /** The name used in configuration and messages: {@code read-only} or {@code destructive}. */
  public String label() {
    return label;
  }

  /**
   * The class a tool's annotations claim.
   *
   * @param annotations the tool's {@code annotations} object from {@code tools/list}, or null
   */
  public static ToolClass fromAnnotations(JsonObject annotations) {
    if (annotations == null) {
      return DESTRUCTIVE;
    }
    // Contradictory hints (read-only yet destructive) are read the safe way.
    if (Boolean.TRUE.equals(annotations.getValue("readOnlyHint"))
        && !Boolean.TRUE.equals(annotations.getValue("destructiveHint"))) {
      return READ_ONLY;
    }
    return DESTRUCTIVE;
  }

  /**
   * Parses a class as configuration writes it.
   *
   * @throws IllegalArgumentException naming the accepted values
   */
  public static ToolClass parse(String label) {
    ToolClass found = find(label);
    if (found == null) {
      throw new IllegalArgumentException(
          "'" + label + "' is not a tool class; expected read-only or destructive");
    }
    return found;
  }

  /** The class with this label, or null. Labels are matched exactly (lower case). */
  static ToolClass find(String label) {
    for (ToolClass c : values()) {
      if (c.label.equals(label)) {
        return c;
      }
    }
    return null;
  }

  /** The bit of this class in a class mask. */
  int bit() {
    return 1 << ordinal();
  }

  @Override
  public String toString() {
    return label;
  }
}
