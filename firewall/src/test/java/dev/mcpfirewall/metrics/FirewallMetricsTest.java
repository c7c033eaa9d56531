package dev.mcpfirewall.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class FirewallMetricsTest {
  private final FirewallMetrics metrics =
      new FirewallMetrics(new PrometheusMeterRegistry(PrometheusConfig.DEFAULT));

  @AfterEach
  void close() {
    metrics.close();
  }

  @Test
  void authCountersAppearWithTheirLabels() {
    metrics.authFailure("invalid", FirewallMetrics.CREDENTIAL_API_KEY);
    metrics.authFailure("invalid", FirewallMetrics.CREDENTIAL_API_KEY);
    metrics.authFailure("expired", FirewallMetrics.CREDENTIAL_JWT);
    metrics.authSuccess(FirewallMetrics.CREDENTIAL_JWT);
    metrics.lockout(FirewallMetrics.SCOPE_SOURCE);
    metrics.lockout(FirewallMetrics.SCOPE_KEY);
    metrics.lockout(FirewallMetrics.SCOPE_KEY);

    String text = metrics.scrape();

    assertThat(text)
        .contains("# TYPE mcp_firewall_auth_failures_total counter")
        .contains("mcp_firewall_auth_failures_total{credential=\"api_key\",reason=\"invalid\"} 2.0")
        .contains("mcp_firewall_auth_failures_total{credential=\"jwt\",reason=\"expired\"} 1.0")
        .contains("mcp_firewall_auth_successes_total{credential=\"jwt\"} 1.0")
        .contains("mcp_firewall_auth_lockouts_total{scope=\"source\"} 1.0")
        .contains("mcp_firewall_auth_lockouts_total{scope=\"key\"} 2.0");
  }

  @Test
  void requestsAreCountedAndTimedWithFewSeries() {
    metrics.request("notes", "tools/call", "ok", TimeUnit.MICROSECONDS.toNanos(300));
    metrics.request("notes", "tools/call", "tool_forbidden", TimeUnit.MICROSECONDS.toNanos(40));
    metrics.request("notes", "tools/call", "upstream_timeout", TimeUnit.SECONDS.toNanos(30));
    metrics.request("notes", "initialize", "unauthenticated");

    String text = metrics.scrape();

    assertThat(text)
        .contains(
            "mcp_firewall_requests_total{method=\"tools/call\",outcome=\"ok\",upstream=\"notes\"}"
                + " 1.0")
        .contains(
            "mcp_firewall_requests_total{method=\"initialize\",outcome=\"unauthenticated\","
                + "upstream=\"notes\"} 1.0")
        .contains(
            "mcp_firewall_request_duration_seconds_bucket{method=\"tools/call\",result=\"ok\","
                + "upstream=\"notes\",le=\"5.0E-4\"} 1")
        .contains(
            "mcp_firewall_request_duration_seconds_count{method=\"tools/call\","
                + "result=\"refused\",upstream=\"notes\"} 1")
        .contains(
            "mcp_firewall_request_duration_seconds_count{method=\"tools/call\","
                + "result=\"upstream_error\",upstream=\"notes\"} 1");
    // The counter-only call records no latency.
    assertThat(text)
        .doesNotContain("mcp_firewall_request_duration_seconds_count{method=\"initialize\"");
  }

  @Test
  void clientChosenValuesCannotGrowTheSeriesWithoutBound() {
    metrics.request("notes", "x\"} 1\nfake_metric 9", "ok");
    for (int i = 0; i < 1000; i++) {
      metrics.request("notes", "made/up/" + i, "ok");
      metrics.request("upstream-" + i, "tools/call", "ok");
    }

    String text = metrics.scrape();

    assertThat(text).doesNotContain("fake_metric");
    assertThat(text).contains("method=\"other\"");
    assertThat(text).contains("upstream=\"other\"");
    long methodSeries =
        text.lines()
            .filter(l -> l.startsWith("mcp_firewall_requests_total{") && l.contains("notes"))
            .count();
    assertThat(methodSeries).isLessThanOrEqualTo(32 + 2);
    long upstreamSeries =
        text.lines()
            .filter(l -> l.startsWith("mcp_firewall_requests_total{") && l.contains("upstream-"))
            .count();
    assertThat(upstreamSeries).isEqualTo(256 - 1);
  }

  @Test
  void alertCountersUseLowerCaseSeverities() {
    metrics.alert("auth.lockout", "WARNING");
    metrics.alertSuppressed("auth.lockout", "duplicate");
    metrics.webhookDelivery("dropped");

    assertThat(metrics.scrape())
        .contains("mcp_firewall_alerts_total{severity=\"warning\",type=\"auth.lockout\"} 1.0")
        .contains(
            "mcp_firewall_alerts_suppressed_total{reason=\"duplicate\",type=\"auth.lockout\"} 1.0")
        .contains("mcp_firewall_alert_webhook_deliveries_total{outcome=\"dropped\"} 1.0");
  }

  @Test
  void createBindsJvmMetrics() {
    try (FirewallMetrics withJvm = FirewallMetrics.create()) {
      withJvm.authSuccess(FirewallMetrics.CREDENTIAL_API_KEY);
      assertThat(withJvm.scrape())
          .contains("jvm_memory_used_bytes")
          .contains("process_uptime_seconds")
          .contains("mcp_firewall_auth_successes_total");
    }
  }
}
