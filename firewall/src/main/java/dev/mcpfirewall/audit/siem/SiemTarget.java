package dev.mcpfirewall.audit.siem;

import java.io.IOException;

/** Somewhere records are delivered to: one blocking send, called from the forwarder's thread. */
public interface SiemTarget extends AutoCloseable {
  /** Delivers one record or checkpoint line; throws to have it retried. */
  void send(String line) throws IOException;

  @Override
  default void close() {}
}
