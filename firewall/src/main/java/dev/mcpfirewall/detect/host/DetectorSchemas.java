package dev.mcpfirewall.detect.host;

import com.networknt.schema.Error;
import com.networknt.schema.InputFormat;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SchemaRegistryConfig;
import com.networknt.schema.SpecificationVersion;
import com.networknt.schema.path.PathType;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Validates detector configuration against each detector's own JSON Schema ({@code
 * Detector.configSchema()}): one registry, each schema compiled once and cached, nothing ever
 * fetched (a schema referring to a remote document fails to compile instead).
 */
public final class DetectorSchemas {
  private static final JsonMapper JSON = JsonMapper.builder().build();

  private final SchemaRegistry registry =
      SchemaRegistry.withDefaultDialect(
          SpecificationVersion.DRAFT_2020_12,
          builder ->
              builder
                  .schemaRegistryConfig(
                      SchemaRegistryConfig.builder()
                          .pathType(PathType.JSON_POINTER)
                          .formatAssertionsEnabled(true)
                          .build())
                  .schemaLoader(loader -> loader.fetchRemoteResources(false).block(iri -> true)));
  private final Map<String, Schema> compiled = new ConcurrentHashMap<>();

  /**
   * Problems with {@code config}, each starting with {@code at} plus the JSON pointer inside the
   * configuration, e.g. {@code /plugins/detectors/secrets/config/entropy: must be a number}.
   *
   * @throws IllegalArgumentException when the detector's own schema does not compile
   */
  public List<String> validate(String detectorId, String schemaText, Object config, String at) {
    Schema schema =
        compiled.computeIfAbsent(
            detectorId + '\u0000' + schemaText,
            k -> {
              try {
                Schema s = registry.getSchema(schemaText, InputFormat.JSON);
                s.initializeValidators();
                return s;
              } catch (RuntimeException e) {
                throw new IllegalArgumentException(
                    "detector '"
                        + detectorId
                        + "' ships a configuration schema that does not"
                        + " compile (it must be self-contained: remote references are not"
                        + " fetched): "
                        + e.getMessage());
              }
            });
    JsonNode node = JSON.valueToTree(config == null ? Map.of() : config);
    List<String> problems = new ArrayList<>();
    List<Error> errors;
    try {
      errors = schema.validate(node);
    } catch (RuntimeException e) {
      // A $ref to a remote document surfaces here, when it is first followed: never fetched.
      throw new IllegalArgumentException(
          "detector '"
              + detectorId
              + "' ships a configuration schema that cannot be used (it must be self-contained;"
              + " remote references are not fetched): "
              + e.getMessage());
    }
    for (Error error : errors) {
      problems.add(at + error.getInstanceLocation().toString() + ": " + error.getMessage());
    }
    return problems;
  }
}
