package dev.mcpfirewall.alert;

import dev.mcpfirewall.metrics.FirewallMetrics;
import java.util.Locale;

/**
 * Counts alerts by type and severity in {@code mcp_firewall_alerts_total}, so dashboards and
 * Prometheus alert rules see them without reading logs.
 */
public final class MetricAlertSink implements AlertSink {
  private final FirewallMetrics metrics;

  public MetricAlertSink(FirewallMetrics metrics) {
    this.metrics = metrics;
  }

  @Override
  public void send(Alert alert) {
    metrics.alert(alert.type(), alert.severity().name().toLowerCase(Locale.ROOT));
  }
}
