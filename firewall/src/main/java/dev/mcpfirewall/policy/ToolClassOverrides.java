package dev.mcpfirewall.policy;

import dev.mcpfirewall.config.PolicyConfig;
import java.util.HashMap;
import java.util.Map;

/**
 * The admin's word on tool classes ({@code policy.toolClasses}: upstream, then exact tool name,
 * then {@code read-only} or {@code destructive}). An override beats whatever the tool's annotations
 * claim, in both directions: it can declare a well-known safe tool read-only although its server
 * never annotated it, and force a tool that claims {@code readOnlyHint: true} to be destructive.
 */
public final class ToolClassOverrides {
  private static final ToolClassOverrides NONE = new ToolClassOverrides(Map.of());

  private final Map<String, Map<String, ToolClass>> byUpstream;

  private ToolClassOverrides(Map<String, Map<String, ToolClass>> byUpstream) {
    this.byUpstream = byUpstream;
  }

  /** No overrides: annotations alone decide. */
  public static ToolClassOverrides none() {
    return NONE;
  }

  /**
   * @throws IllegalArgumentException when a value is not a tool class, naming where it is
   */
  public static ToolClassOverrides from(PolicyConfig policy) {
    Map<String, Map<String, ToolClass>> byUpstream = new HashMap<>();
    policy
        .toolClasses()
        .forEach(
            (upstream, tools) -> {
              Map<String, ToolClass> classes = new HashMap<>();
              tools.forEach(
                  (tool, label) -> {
                    ToolClass c = ToolClass.find(label);
                    if (c == null) {
                      throw new IllegalArgumentException(
                          "policy.toolClasses."
                              + upstream
                              + "."
                              + tool
                              + ": '"
                              + label
                              + "' is not a tool class; expected read-only or destructive");
                    }
                    classes.put(tool, c);
                  });
              byUpstream.put(upstream, Map.copyOf(classes));
            });
    return new ToolClassOverrides(Map.copyOf(byUpstream));
  }

  /**
   * The override for a tool, or {@code annotated} (the class its annotations claim) without one.
   */
  public ToolClass apply(String upstream, String tool, ToolClass annotated) {
    Map<String, ToolClass> tools = byUpstream.get(upstream);
    if (tools == null) {
      return annotated;
    }
    ToolClass override = tools.get(tool);
    return override != null ? override : annotated;
  }
}
