package dev.mcpfirewall.alert;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mcpfirewall.metrics.FirewallMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

class AlertsTest {
  private final MutableClock clock = new MutableClock();
  private final FirewallMetrics metrics =
      new FirewallMetrics(new PrometheusMeterRegistry(PrometheusConfig.DEFAULT));
  private final List<Alert> received = new CopyOnWriteArrayList<>();

  private Alerts alerts(AlertThrottle throttle) {
    return new Alerts(List.of(received::add, new MetricAlertSink(metrics)), throttle, metrics);
  }

  private Alert lockout(String subject, String failures, Alert.Severity severity) {
    return new Alert(
        "auth.lockout",
        severity,
        "Source " + subject + " locked out",
        Map.of("scope", "source", "subject", subject, "failures", failures),
        clock.instant());
  }

  @Test
  void identicalAlertsWithinTheWindowCollapseAndTheNextOneCarriesTheCount() {
    Alerts alerts = alerts(AlertThrottle.withDefaults(clock));

    alerts.send(lockout("203.0.113.7", "10", Alert.Severity.WARNING));
    clock.advance(Duration.ofSeconds(10));
    // Same type and key attributes; "failures" is not a key attribute of auth.lockout.
    alerts.send(lockout("203.0.113.7", "11", Alert.Severity.WARNING));
    alerts.send(lockout("203.0.113.7", "12", Alert.Severity.WARNING));
    assertThat(received).hasSize(1);

    clock.advance(AlertThrottle.DEFAULT_WINDOW);
    alerts.send(lockout("203.0.113.7", "13", Alert.Severity.WARNING));

    assertThat(received).hasSize(2);
    assertThat(received.get(0).attributes()).doesNotContainKey(AlertThrottle.COLLAPSED_ATTRIBUTE);
    assertThat(received.get(1).attributes())
        .containsEntry(AlertThrottle.COLLAPSED_ATTRIBUTE, "2")
        .containsEntry("failures", "13");
    assertThat(metrics.scrape())
        .contains(
            "mcp_firewall_alerts_suppressed_total{reason=\"duplicate\",type=\"auth.lockout\"} 2.0")
        .contains("mcp_firewall_alerts_total{severity=\"warning\",type=\"auth.lockout\"} 2.0");
  }

  @Test
  void otherSubjectsAndEscalationsAreNotDuplicates() {
    Alerts alerts = alerts(AlertThrottle.withDefaults(clock));

    alerts.send(lockout("203.0.113.7", "10", Alert.Severity.WARNING));
    alerts.send(lockout("198.51.100.1", "10", Alert.Severity.WARNING));
    alerts.send(lockout("203.0.113.7", "10", Alert.Severity.CRITICAL));

    assertThat(received)
        .extracting(a -> a.attributes().get("subject") + "/" + a.severity())
        .containsExactly("203.0.113.7/WARNING", "198.51.100.1/WARNING", "203.0.113.7/CRITICAL");
  }

  @Test
  void typesWithoutKeyAttributesCollapseOnlyExactRepeats() {
    Alerts alerts = alerts(AlertThrottle.withDefaults(clock));
    Alert pin =
        new Alert(
            "tool.changed", Alert.Severity.WARNING, "x", Map.of("tool", "a"), clock.instant());

    alerts.send(pin);
    alerts.send(pin);
    alerts.send(
        new Alert(
            "tool.changed", Alert.Severity.WARNING, "x", Map.of("tool", "b"), clock.instant()));

    assertThat(received).extracting(a -> a.attributes().get("tool")).containsExactly("a", "b");
  }

  @Test
  void eachTypeIsRateLimitedPerWindow() {
    Alerts alerts = alerts(new AlertThrottle(clock, Duration.ofSeconds(60), 3, Map.of()));

    for (int i = 0; i < 10; i++) {
      alerts.send(lockout("10.0.0." + i, "10", Alert.Severity.WARNING));
    }
    alerts.send(new Alert("key.expiring", Alert.Severity.INFO, "k", Map.of(), clock.instant()));
    assertThat(received).hasSize(3 + 1);

    clock.advance(Duration.ofSeconds(60));
    alerts.send(lockout("10.0.0.99", "10", Alert.Severity.WARNING));

    assertThat(received).hasSize(5);
    assertThat(metrics.scrape())
        .contains(
            "mcp_firewall_alerts_suppressed_total{reason=\"rate\",type=\"auth.lockout\"} 7.0");
  }

  @Test
  void aFailingSinkDoesNotKeepTheAlertFromTheOthers() {
    AlertSink broken =
        alert -> {
          throw new IllegalStateException("boom");
        };
    Alerts alerts =
        new Alerts(List.of(broken, received::add), AlertThrottle.withDefaults(clock), metrics);

    alerts.send(lockout("203.0.113.7", "10", Alert.Severity.WARNING));

    assertThat(received).hasSize(1);
  }
}
