package dev.mcpfirewall.plugins.testkit;

import dev.mcpfirewall.plugins.api.Detector;

/**
 * Sanity checks of a detector's self-description that the firewall relies on: an id of lowercase
 * letters, digits and dashes, and a configuration schema that is a JSON object. (The firewall
 * validates configurations against the schema with networknt json-schema-validator, draft 2020-12
 * by default, remote references blocked: keep the schema self-contained.)
 */
public final class SchemaCheck {

  private SchemaCheck() {}

  /** Throws {@link AssertionError} when the detector would be refused by the firewall. */
  public static void check(Detector detector) {
    String id = detector.id();
    if (id == null || !id.matches("[a-z0-9][a-z0-9-]{0,63}")) {
      throw new AssertionError("detector id must be lowercase letters, digits and dashes: " + id);
    }
    String schema = detector.configSchema();
    if (schema == null || !schema.strip().startsWith("{")) {
      throw new AssertionError("configSchema() must return a JSON Schema object: " + schema);
    }
    if (schema.contains("\"$ref\":\"http") || schema.contains("\"$ref\": \"http")) {
      throw new AssertionError(
          "configSchema() must not refer to remote schemas: the firewall does not fetch them");
    }
  }
}
