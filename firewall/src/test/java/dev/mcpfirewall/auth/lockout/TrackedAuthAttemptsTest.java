package dev.mcpfirewall.auth.lockout;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mcpfirewall.alert.Alert;
import dev.mcpfirewall.alert.MutableClock;
import dev.mcpfirewall.auth.Principal;
import dev.mcpfirewall.config.AuthConfig;
import dev.mcpfirewall.metrics.FirewallMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

class TrackedAuthAttemptsTest {
  private final MutableClock clock = new MutableClock();
  private final FirewallMetrics metrics =
      new FirewallMetrics(new PrometheusMeterRegistry(PrometheusConfig.DEFAULT));
  private final List<Alert> alerts = new ArrayList<>();
  private final TrackedAuthAttempts attempts =
      new TrackedAuthAttempts(
          new AuthFailureTracker(
              new AuthConfig.Lockout(
                  3, Duration.ofMinutes(5), Duration.ofSeconds(30), Duration.ofMinutes(30)),
              clock,
              alerts::add,
              metrics),
          metrics);

  @Test
  void failuresLockOutAndEveryOutcomeIsCounted() {
    Optional<String> key = Optional.of("ci");
    attempts.failed("203.0.113.7", key, "rejected");
    attempts.failed("203.0.113.7", Optional.empty(), "missing");
    attempts.failed("203.0.113.7", Optional.empty(), "malformed");

    assertThat(attempts.lockedOut("203.0.113.7", Optional.empty()))
        .contains(Duration.ofSeconds(30));
    assertThat(alerts).hasSize(1);

    attempts.succeeded(
        "198.51.100.1",
        new Principal(
            "key-owner:ci",
            Principal.Kind.API_KEY,
            key,
            Set.of("reader"),
            AuthConfig.KeyScopes.unrestricted()));

    assertThat(metrics.scrape())
        .contains(
            "mcp_firewall_auth_failures_total{credential=\"api_key\",reason=\"rejected\"} 1.0")
        .contains("mcp_firewall_auth_failures_total{credential=\"unknown\",reason=\"missing\"} 1.0")
        .contains(
            "mcp_firewall_auth_failures_total{credential=\"unknown\",reason=\"locked_out\"} 1.0")
        .contains("mcp_firewall_auth_successes_total{credential=\"api_key\"} 1.0")
        .contains("mcp_firewall_auth_lockouts_total{scope=\"source\"} 1.0");
  }
}
