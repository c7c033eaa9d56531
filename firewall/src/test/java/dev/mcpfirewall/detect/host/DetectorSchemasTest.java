package dev.mcpfirewall.detect.host;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class DetectorSchemasTest {
  private final DetectorSchemas schemas = new DetectorSchemas();

  @Test
  void aSchemaNamingTheStandardDialectValidatesWithPaths() {
    String schema =
        """
        {"$schema": "https://json-schema.org/draft/2020-12/schema",
         "type": "object", "additionalProperties": false,
         "properties": {"entropy": {"type": "number", "minimum": 0},
                        "rules": {"type": "array", "items": {"type": "string"}}}}
        """;
    assertThat(schemas.validate("d", schema, Map.of("entropy", 4.5), "/plugins/detectors/d/config"))
        .isEmpty();
    List<String> problems =
        schemas.validate(
            "d",
            schema,
            Map.of("entropy", "high", "rules", List.of("a", 3), "extra", true),
            "/plugins/detectors/d/config");
    assertThat(problems)
        .anyMatch(p -> p.startsWith("/plugins/detectors/d/config/entropy: "))
        .anyMatch(p -> p.startsWith("/plugins/detectors/d/config/rules/1: "))
        .anyMatch(p -> p.contains("extra"));
  }

  @Test
  void aSchemaWithAnHttpsIdAndLocalDefinitionsNeedsNoFetching() {
    String schema =
        """
        {"$schema": "https://json-schema.org/draft/2020-12/schema",
         "$id": "https://mcp-firewall.dev/schemas/detectors/pii.json",
         "type": "object", "additionalProperties": false,
         "$defs": {"kind": {"enum": ["email", "phone"]}},
         "properties": {"kinds": {"type": "array", "items": {"$ref": "#/$defs/kind"}}}}
        """;
    assertThat(schemas.validate("pii", schema, Map.of("kinds", List.of("email")), "/c")).isEmpty();
    assertThat(schemas.validate("pii", schema, Map.of("kinds", List.of("shoe")), "/c"))
        .singleElement()
        .asString()
        .startsWith("/c/kinds/0: ");
  }

  @Test
  void aSchemaThatRefersToARemoteDocumentIsRefusedNotFetched() {
    String schema =
        """
        {"type": "object", "properties": {"x": {"$ref": "https://schemas.example/x.json"}}}
        """;
    assertThatThrownBy(
            () -> schemas.validate("remote", schema, Map.of("x", 1), "/plugins/detectors/remote"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("detector 'remote'")
        .hasMessageContaining("remote references are not fetched");
  }
}
