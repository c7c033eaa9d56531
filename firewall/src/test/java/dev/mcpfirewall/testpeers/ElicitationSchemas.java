package dev.mcpfirewall.testpeers;

import java.util.List;
import java.util.Map;

/** The {@code requestedSchema}s of the elicitation scenarios (SEP-1034 and SEP-1330). */
final class ElicitationSchemas {

  private ElicitationSchemas() {}

  /** A string, an integer, a number, a string enum and a boolean, each with a default. */
  static Map<String, Object> primitivesWithDefaults() {
    return Map.of(
        "type", "object",
        "properties",
            Map.of(
                "name", Map.of("type", "string", "description", "User name", "default", "John Doe"),
                "age", Map.of("type", "integer", "description", "User age", "default", 30),
                "score", Map.of("type", "number", "description", "User score", "default", 95.5),
                "status",
                    Map.of(
                        "type", "string",
                        "description", "User status",
                        "enum", List.of("active", "inactive", "pending"),
                        "default", "active"),
                "verified",
                    Map.of(
                        "type", "boolean", "description", "Verification status", "default", true)),
        "required", List.of());
  }

  /** The five enum shapes: untitled/titled single-select, legacy titled, untitled/titled multi. */
  static Map<String, Object> enumVariants() {
    return Map.of(
        "type", "object",
        "properties",
            Map.of(
                "untitledSingle",
                    Map.of(
                        "type", "string",
                        "description", "Untitled single-select",
                        "enum", List.of("option1", "option2", "option3")),
                "titledSingle",
                    Map.of(
                        "type", "string",
                        "description", "Titled single-select",
                        "oneOf",
                            List.of(
                                titled("value1", "First Option"),
                                titled("value2", "Second Option"),
                                titled("value3", "Third Option"))),
                "legacyEnum",
                    Map.of(
                        "type",
                        "string",
                        "description",
                        "Legacy titled enum",
                        "enum",
                        List.of("opt1", "opt2", "opt3"),
                        "enumNames",
                        List.of("Option One", "Option Two", "Option Three")),
                "untitledMulti",
                    Map.of(
                        "type", "array",
                        "description", "Untitled multi-select",
                        "items",
                            Map.of(
                                "type",
                                "string",
                                "enum",
                                List.of("option1", "option2", "option3"))),
                "titledMulti",
                    Map.of(
                        "type", "array",
                        "description", "Titled multi-select",
                        "items",
                            Map.of(
                                "anyOf",
                                List.of(
                                    titled("value1", "First Choice"),
                                    titled("value2", "Second Choice"),
                                    titled("value3", "Third Choice"))))),
        "required", List.of());
  }

  private static Map<String, Object> titled(String value, String title) {
    return Map.of("const", value, "title", title);
  }
}
