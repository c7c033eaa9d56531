package dev.mcpfirewall.schema;

import com.networknt.schema.Schema;
import com.networknt.schema.SpecificationVersion;
import java.util.function.Supplier;

/**
 * A tool's {@code inputSchema} or {@code outputSchema}, compiled once by {@link ToolSchemas} and
 * immutable: share it freely between event loops. It holds the schema as advertised and, for strict
 * mode, its closed form (see {@link StrictMode}).
 */
public final class CompiledToolSchema {

  private final String key;
  private final SpecificationVersion dialect;
  private final Schema open;
  private final Supplier<Schema> closeSchema;
  private volatile Schema closed;

  CompiledToolSchema(
      String key, SpecificationVersion dialect, Schema open, Supplier<Schema> closeSchema) {
    this.key = key;
    this.dialect = dialect;
    this.open = open;
    this.closeSchema = closeSchema;
  }

  /** The cache key: the caller's definition hash, or the SHA-256 of the canonical schema. */
  public String key() {
    return key;
  }

  /** The JSON Schema dialect in force: from {@code $schema}, 2020-12 when absent. */
  public SpecificationVersion dialect() {
    return dialect;
  }

  /** True when validating in this mode needs no compiling (the closed form is built lazily). */
  boolean ready(boolean strict) {
    return !strict || closed != null;
  }

  Schema schema(boolean strict) {
    if (!strict) {
      return open;
    }
    Schema result = closed;
    if (result == null) {
      synchronized (this) {
        result = closed;
        if (result == null) {
          result = closeSchema.get();
          closed = result;
        }
      }
    }
    return result;
  }

  @Override
  public String toString() {
    return "CompiledToolSchema[" + key + ", " + dialect + "]";
  }
}
