package dev.mcpfirewall.schema;

import com.networknt.schema.Schema;
import com.networknt.schema.SpecificationVersion;

/**
 * A tool's {@code inputSchema} or {@code outputSchema}, compiled once by {@link ToolSchemas} and
 * immutable: share it freely between event loops. It holds the schema as advertised and, for strict
 * mode, its closed form (see {@link StrictMode}).
 */
public final class CompiledToolSchema {

  private final String key;
  private final SpecificationVersion dialect;
  private final Schema open;
  private final Schema closed;

  CompiledToolSchema(String key, SpecificationVersion dialect, Schema open, Schema closed) {
    this.key = key;
    this.dialect = dialect;
    this.open = open;
    this.closed = closed;
  }

  /** The cache key: the caller's definition hash, or the SHA-256 of the canonical schema. */
  public String key() {
    return key;
  }

  /** The JSON Schema dialect in force: from {@code $schema}, 2020-12 when absent. */
  public SpecificationVersion dialect() {
    return dialect;
  }

  Schema schema(boolean strict) {
    return strict ? closed : open;
  }

  @Override
  public String toString() {
    return "CompiledToolSchema[" + key + ", " + dialect + "]";
  }
}
