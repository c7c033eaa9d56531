package dev.mcpfirewall.audit;

import dev.mcpfirewall.audit.redact.PayloadCommitment;
import dev.mcpfirewall.audit.redact.PayloadRedactor;
import dev.mcpfirewall.audit.store.EventEncoder;
import dev.mcpfirewall.json.CanonicalJson;
import java.util.Map;
import java.util.TreeMap;

/**
 * Encodes events for the writer thread: the event's members, and for an event with a payload the
 * salted commitment of the original, then (when capture is on) the redacted payload, or a note that
 * it was too large to keep.
 */
final class PayloadCapture implements EventEncoder {
  private final PayloadRedactor redactor;
  private final PayloadCommitment commitment;
  private final boolean capture;
  private final int maxBytes;

  PayloadCapture(
      PayloadRedactor redactor, PayloadCommitment commitment, boolean capture, int maxBytes) {
    this.redactor = redactor;
    this.commitment = commitment;
    this.capture = capture;
    this.maxBytes = maxBytes;
  }

  @Override
  public TreeMap<String, Object> members(AuditEvent event) {
    TreeMap<String, Object> m = new TreeMap<>(event.fields());
    m.put("event", event.type());
    if (event.payload() == null) {
      return m;
    }
    String original = CanonicalJson.encode(event.payload());
    m.put("commitment", commitment.commitCanonical(original));
    if (!capture) {
      return m;
    }
    PayloadRedactor.Redacted redacted = redactor.redact(event.payload(), event.findings());
    // Redaction copies only what it changes: an untouched payload is the original, encoded once.
    String encoded =
        redacted.payload() == event.payload() ? original : CanonicalJson.encode(redacted.payload());
    if (encoded.length() > maxBytes) {
      m.put(
          "payload",
          Map.of("omitted", "larger than " + maxBytes + " bytes", "chars", encoded.length()));
    } else {
      m.put("payload", new CanonicalJson.Raw(encoded));
    }
    if (redacted.redactions() > 0) {
      m.put("redactions", Map.of("count", redacted.redactions(), "rules", redacted.rules()));
    }
    return m;
  }
}
