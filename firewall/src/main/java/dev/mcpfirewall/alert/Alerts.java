package dev.mcpfirewall.alert;

import dev.mcpfirewall.metrics.FirewallMetrics;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one {@link AlertSink} the rest of the firewall is given: it passes each alert through an
 * {@link AlertThrottle} (identical alerts collapse, each type is rate limited) and hands what goes
 * out to every sink, in order. A sink that throws does not keep the alert from the others.
 *
 * <pre>{@code
 * FirewallMetrics metrics = FirewallMetrics.create();
 * WebhookAlertSink webhooks =
 *     new WebhookAlertSink(vertx, config.alerts().webhooks(), Optional.of(nodeId), metrics);
 * AlertSink alerts =
 *     new Alerts(
 *         List.of(new LogAlertSink(), new MetricAlertSink(metrics), webhooks),
 *         AlertThrottle.withDefaults(Clock.systemUTC()),
 *         metrics);
 * }</pre>
 */
public final class Alerts implements AlertSink {
  private static final Logger log = LoggerFactory.getLogger(Alerts.class);

  private final List<AlertSink> sinks;
  private final AlertThrottle throttle;
  private final FirewallMetrics metrics;

  public Alerts(List<AlertSink> sinks, AlertThrottle throttle, FirewallMetrics metrics) {
    this.sinks = List.copyOf(sinks);
    this.throttle = throttle;
    this.metrics = metrics;
  }

  @Override
  public void send(Alert alert) {
    AlertThrottle.Admission admission = throttle.admit(alert);
    if (admission instanceof AlertThrottle.Suppressed suppressed) {
      metrics.alertSuppressed(alert.type(), suppressed.reason());
      if (suppressed.firstOfWindow()) {
        log.warn(
            "Too many '{}' alerts: further ones are held back for up to {} and counted in"
                + " mcp_firewall_alerts_suppressed_total",
            alert.type(),
            throttle.window());
      }
      return;
    }
    Alert out = ((AlertThrottle.Deliver) admission).alert();
    for (AlertSink sink : sinks) {
      try {
        sink.send(out);
      } catch (RuntimeException e) {
        log.warn(
            "Alert sink {} failed on a '{}' alert", sink.getClass().getSimpleName(), out.type(), e);
      }
    }
  }
}
