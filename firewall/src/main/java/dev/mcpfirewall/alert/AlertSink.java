package dev.mcpfirewall.alert;

/** Somewhere alerts go: the log, a metric, a webhook. Implementations must not block. */
public interface AlertSink {

  /** Hands over an alert; delivery failures are the sink's to handle (retry, log), never thrown. */
  void send(Alert alert);
}
