package dev.mcpfirewall.audit.verify;

import io.vertx.core.json.JsonObject;

/**
 * One way a chain fails verification, and where.
 *
 * @param kind a stable code: {@code hash-mismatch}, {@code broken-link}, {@code sequence-gap},
 *     {@code malformed-record}, {@code truncated}, {@code unvouched-start}, {@code bad-signature},
 *     {@code checkpoint-chain}, {@code head-mismatch}, {@code rollback}, {@code time-regression},
 *     {@code missing-segment}, {@code foreign-node}
 * @param message what is wrong, for a person
 * @param file the file it is in (segment or checkpoints file), or null
 * @param line the 1-based line in that file, or 0
 * @param seq the record sequence number concerned, or 0
 */
public record Breach(String kind, String message, String file, long line, long seq) {

  public JsonObject toJson() {
    JsonObject json = new JsonObject().put("kind", kind).put("message", message);
    if (file != null) {
      json.put("file", file);
    }
    if (line > 0) {
      json.put("line", line);
    }
    if (seq > 0) {
      json.put("seq", seq);
    }
    return json;
  }
}
