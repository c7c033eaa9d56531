package dev.mcpfirewall.audit;

import dev.mcpfirewall.plugins.api.Finding;
import io.vertx.core.json.JsonObject;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Something to record, before it becomes a record: its type ({@code request}, {@code response},
 * {@code refusal}, {@code admin}...), its top-level members, and optionally the JSON-RPC payload
 * with the findings that drive its redaction. The writer adds {@code seq}, {@code time}, {@code
 * node}, {@code prev} and {@code hash}, and turns the payload into a redacted copy plus a salted
 * commitment of the original.
 *
 * <p>The payload is read on the writer thread: callers must not change it after appending.
 */
public final class AuditEvent {
  private final String type;
  private final TreeMap<String, Object> fields = new TreeMap<>();
  private JsonObject payload;
  private List<Finding> findings = List.of();

  private AuditEvent(String type) {
    this.type = type;
  }

  /** An event of {@code type}. */
  public static AuditEvent of(String type) {
    return new AuditEvent(type);
  }

  /** Adds a member when {@code value} is not null (JSON values: strings, numbers, maps, lists). */
  public AuditEvent with(String key, Object value) {
    if (value != null) {
      fields.put(key, value);
    }
    return this;
  }

  /** The message to record (redacted on the writer thread) and what detectors found in it. */
  public AuditEvent payload(JsonObject payload, List<Finding> findings) {
    this.payload = payload;
    this.findings = List.copyOf(findings);
    return this;
  }

  public String type() {
    return type;
  }

  /** The members given so far, sorted. */
  public Map<String, Object> fields() {
    return fields;
  }

  /** The payload, or null. */
  public JsonObject payload() {
    return payload;
  }

  public List<Finding> findings() {
    return findings;
  }
}
