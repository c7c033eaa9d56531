package dev.mcpfirewall.schema;

/**
 * A tool's advertised schema cannot be compiled: not a JSON Schema the firewall can enforce (a
 * remote or file {@code $ref}, an unknown {@code $schema} dialect, a {@code $ref} to nothing, an
 * invalid regex). The message says what and where, for the audit record and the admin; the tool
 * should be treated as unusable (calls to it fail closed) until its upstream lists a usable schema.
 */
public final class InvalidToolSchemaException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  InvalidToolSchemaException(String message, Throwable cause) {
    super(message, cause);
  }

  InvalidToolSchemaException(String message) {
    super(message);
  }
}
