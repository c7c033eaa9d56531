package dev.mcpfirewall.integrity;

import dev.mcpfirewall.json.CanonicalJson;
import io.vertx.core.json.JsonObject;
import java.util.List;

/**
 * The part of a listed tool that is its contract, and its hash: name, title, description, input and
 * output schemas, annotations. Other fields ({@code _meta}, icons, fields of newer MCP revisions)
 * do not count, so an upstream adding a timestamp to {@code _meta} is not a rug pull.
 *
 * @param name the tool's name
 * @param contract the contract fields, as listed
 * @param hash {@code sha256:<hex>} of the contract's canonical JSON
 */
public record ToolDefinition(String name, JsonObject contract, String hash) {

  /** The fields that make up a tool's contract. */
  public static final List<String> CONTRACT_FIELDS =
      List.of("name", "title", "description", "inputSchema", "outputSchema", "annotations");

  /**
   * The definition of a tool object from a {@code tools/list} result.
   *
   * @throws IllegalArgumentException when the tool has no string {@code name}
   */
  public static ToolDefinition of(JsonObject listed) {
    if (!(listed.getValue("name") instanceof String name)) {
      throw new IllegalArgumentException("a listed tool has no string name");
    }
    JsonObject contract = new JsonObject();
    for (String field : CONTRACT_FIELDS) {
      if (listed.containsKey(field)) {
        Object value = listed.getValue(field);
        contract.put(field, value instanceof JsonObject o ? o.copy() : value);
      }
    }
    return new ToolDefinition(name, contract, hashOf(contract));
  }

  /** The listed {@code inputSchema}, or null. */
  public JsonObject inputSchema() {
    return contract.getValue("inputSchema") instanceof JsonObject s ? s : null;
  }

  /** The listed {@code outputSchema}, or null. */
  public JsonObject outputSchema() {
    return contract.getValue("outputSchema") instanceof JsonObject s ? s : null;
  }

  /** The listed {@code annotations}, or null. */
  public JsonObject annotations() {
    return contract.getValue("annotations") instanceof JsonObject a ? a : null;
  }

  static String hashOf(JsonObject contract) {
    return CanonicalJson.sha256(contract);
  }
}
