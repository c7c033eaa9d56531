package dev.mcpfirewall.audit.store;

import dev.mcpfirewall.audit.AuditEvent;
import java.util.TreeMap;

/**
 * Turns an event into the members of its record (everything but the chain members the writer adds).
 * Runs on the writer thread: this is where payloads are redacted and committed to.
 */
public interface EventEncoder {
  TreeMap<String, Object> members(AuditEvent event);

  /** The event's own members, and {@code event}; the payload is dropped. */
  EventEncoder PLAIN =
      event -> {
        TreeMap<String, Object> m = new TreeMap<>(event.fields());
        m.put("event", event.type());
        return m;
      };
}
