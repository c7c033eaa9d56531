package dev.mcpfirewall.metrics;

import dev.mcpfirewall.pipeline.FailureKind;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.binder.jvm.ClassLoaderMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmGcMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.core.instrument.binder.system.UptimeMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.time.Duration;
import java.util.HashSet;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

/**
 * The firewall's own metrics, exposed as Prometheus text on the admin plane ({@code
 * /admin/metrics}).
 *
 * <p>Every method is cheap enough for the request path: meters are looked up once per label
 * combination and cached. Label values are bounded: callers pass code-defined values (a failure
 * reason, a credential kind, a configured upstream name), never key ids, addresses or anything a
 * client chose; values outside the expected set are admitted up to a small per-label bound and then
 * reported as {@code other}.
 *
 * <pre>{@code
 * FirewallMetrics metrics = FirewallMetrics.create();
 * metrics.authFailure("invalid_key", "api_key");
 * metrics.request("notes", "tools/call", "ok", elapsedNanos);
 * String body = metrics.scrape(); // served with FirewallMetrics.CONTENT_TYPE
 * }</pre>
 */
public final class FirewallMetrics implements AutoCloseable {
  /** The content type of {@link #scrape()}: the Prometheus text format 0.0.4. */
  public static final String CONTENT_TYPE = "text/plain; version=0.0.4; charset=utf-8";

  /** Credential kinds the authenticator reports. */
  public static final String CREDENTIAL_API_KEY = "api_key";

  public static final String CREDENTIAL_JWT = "jwt";

  /** No credential, or one whose kind could not be told (the failure's reason says which). */
  public static final String CREDENTIAL_UNKNOWN = "unknown";

  /** The outcome of an exchange that was forwarded and answered. */
  public static final String OUTCOME_OK = "ok";

  /** Lockout scopes, as in the {@code auth.lockout} alert. */
  public static final String SCOPE_SOURCE = "source";

  public static final String SCOPE_KEY = "key";

  /** Request latency buckets: the 1 ms budget, and the shape of slow upstreams. */
  static final Duration[] LATENCY_BUCKETS = {
    Duration.ofNanos(250_000),
    Duration.ofNanos(500_000),
    Duration.ofMillis(1),
    Duration.ofMillis(5),
    Duration.ofMillis(25),
    Duration.ofMillis(100),
    Duration.ofMillis(500),
    Duration.ofSeconds(2),
    Duration.ofSeconds(10),
    Duration.ofSeconds(60)
  };

  private static final Set<String> MCP_METHODS =
      Set.of(
          "initialize",
          "ping",
          "tools/list",
          "tools/call",
          "resources/list",
          "resources/read",
          "resources/templates/list",
          "resources/subscribe",
          "resources/unsubscribe",
          "prompts/list",
          "prompts/get",
          "completion/complete",
          "logging/setLevel",
          "sampling/createMessage",
          "elicitation/create",
          "roots/list",
          "tasks/get",
          "tasks/result",
          "tasks/list",
          "tasks/cancel",
          "notifications/initialized",
          "notifications/cancelled",
          "notifications/progress",
          "notifications/message",
          "notifications/resources/updated",
          "notifications/resources/list_changed",
          "notifications/tools/list_changed",
          "notifications/prompts/list_changed",
          "notifications/roots/list_changed",
          "notifications/elicitation/complete",
          "notifications/tasks/status");

  private static final Set<String> UPSTREAM_ERRORS =
      Set.of(
          FailureKind.UPSTREAM_UNAVAILABLE.reason(),
          FailureKind.UPSTREAM_TIMEOUT.reason(),
          FailureKind.UPSTREAM_PROTOCOL_ERROR.reason(),
          FailureKind.UPSTREAM_SESSION_EXPIRED.reason());

  private final PrometheusMeterRegistry registry;
  private final Optional<AutoCloseable> gcMetrics;

  private final BoundedLabel reasons = new BoundedLabel(Set.of(), 32);
  private final BoundedLabel credentialKinds =
      new BoundedLabel(Set.of(CREDENTIAL_API_KEY, CREDENTIAL_JWT, CREDENTIAL_UNKNOWN), 8);
  private final BoundedLabel scopes = new BoundedLabel(Set.of(SCOPE_SOURCE, SCOPE_KEY), 4);
  private final BoundedLabel upstreams = new BoundedLabel(Set.of(), 256);
  private final BoundedLabel methods = new BoundedLabel(MCP_METHODS, 32);
  private final BoundedLabel outcomes = new BoundedLabel(knownOutcomes(), 16);
  private final BoundedLabel alertTypes = new BoundedLabel(Set.of(), 64);
  private final BoundedLabel severities =
      new BoundedLabel(Set.of("info", "warning", "critical"), 0);
  private final BoundedLabel suppressionReasons = new BoundedLabel(Set.of("duplicate", "rate"), 4);
  private final BoundedLabel deliveryOutcomes =
      new BoundedLabel(Set.of("delivered", "retried", "failed", "dropped"), 4);

  private final ConcurrentMap<Labels, Counter> authFailures = new ConcurrentHashMap<>();
  private final ConcurrentMap<Labels, Counter> authSuccesses = new ConcurrentHashMap<>();
  private final ConcurrentMap<Labels, Counter> lockouts = new ConcurrentHashMap<>();
  private final ConcurrentMap<Labels, Counter> requests = new ConcurrentHashMap<>();
  private final ConcurrentMap<Labels, Timer> requestDurations = new ConcurrentHashMap<>();
  private final ConcurrentMap<Labels, Counter> alerts = new ConcurrentHashMap<>();
  private final ConcurrentMap<Labels, Counter> alertsSuppressed = new ConcurrentHashMap<>();
  private final ConcurrentMap<Labels, Counter> webhookDeliveries = new ConcurrentHashMap<>();

  /**
   * Wraps a registry the caller owns (tests, or a registry shared with Vert.x's own metrics). No
   * JVM metrics are bound.
   */
  public FirewallMetrics(PrometheusMeterRegistry registry) {
    this(registry, Optional.empty());
  }

  private FirewallMetrics(PrometheusMeterRegistry registry, Optional<AutoCloseable> gcMetrics) {
    this.registry = registry;
    this.gcMetrics = gcMetrics;
  }

  /** A fresh registry with the JVM and process metrics (memory, GC, threads, CPU, uptime). */
  public static FirewallMetrics create() {
    PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    new JvmMemoryMetrics().bindTo(registry);
    new JvmThreadMetrics().bindTo(registry);
    new ClassLoaderMetrics().bindTo(registry);
    new ProcessorMetrics().bindTo(registry);
    new UptimeMetrics().bindTo(registry);
    JvmGcMetrics gc = new JvmGcMetrics();
    gc.bindTo(registry);
    return new FirewallMetrics(registry, Optional.of(gc));
  }

  /** The underlying registry, for components that register meters of their own. */
  public MeterRegistry registry() {
    return registry;
  }

  /**
   * A failed authentication: {@code mcp_firewall_auth_failures_total{reason, credential}}.
   *
   * @param reason a stable code such as {@code missing}, {@code malformed}, {@code invalid}, {@code
   *     expired}, {@code revoked}, {@code locked_out}
   * @param credentialKind {@link #CREDENTIAL_API_KEY}, {@link #CREDENTIAL_JWT} or {@link
   *     #CREDENTIAL_UNKNOWN}
   */
  public void authFailure(String reason, String credentialKind) {
    counter(
            authFailures,
            new Labels(reasons.of(reason), credentialKinds.of(credentialKind)),
            l ->
                Counter.builder("mcp.firewall.auth.failures")
                    .description("Failed authentications")
                    .tag("reason", l.a())
                    .tag("credential", l.b()))
        .increment();
  }

  /** A successful authentication: {@code mcp_firewall_auth_successes_total{credential}}. */
  public void authSuccess(String credentialKind) {
    counter(
            authSuccesses,
            new Labels(credentialKinds.of(credentialKind)),
            l ->
                Counter.builder("mcp.firewall.auth.successes")
                    .description("Successful authentications")
                    .tag("credential", l.a()))
        .increment();
  }

  /**
   * A source address or key id was locked out: {@code mcp_firewall_auth_lockouts_total{scope}}.
   *
   * @param scope {@link #SCOPE_SOURCE} or {@link #SCOPE_KEY}
   */
  public void lockout(String scope) {
    counter(
            lockouts,
            new Labels(scopes.of(scope)),
            l ->
                Counter.builder("mcp.firewall.auth.lockouts")
                    .description("Lockouts after repeated authentication failures")
                    .tag("scope", l.a()))
        .increment();
  }

  /**
   * One exchange finished: {@code mcp_firewall_requests_total{upstream, method, outcome}}.
   *
   * @param upstream the configured upstream name (not the raw path segment of an unknown one)
   * @param method the JSON-RPC method; unknown methods count as {@code other}
   * @param outcome {@link #OUTCOME_OK} or a {@link FailureKind#reason()}
   */
  public void request(String upstream, String method, String outcome) {
    requestCounter(upstreams.of(upstream), methods.of(method), outcomes.of(outcome)).increment();
  }

  /**
   * One exchange finished, with how long the firewall took end to end: the counter of {@link
   * #request(String, String, String)} and the histogram {@code
   * mcp_firewall_request_duration_seconds{upstream, method, result}}, where {@code result} is
   * {@code ok}, {@code refused} or {@code upstream_error} so that the histogram's series stay few.
   * Call one of the two {@code request} methods per exchange, not both.
   */
  public void request(String upstream, String method, String outcome, long elapsedNanos) {
    String u = upstreams.of(upstream);
    String m = methods.of(method);
    String o = outcomes.of(outcome);
    requestCounter(u, m, o).increment();
    requestDurations
        .computeIfAbsent(
            new Labels(u, m, result(o)),
            l ->
                Timer.builder("mcp.firewall.request.duration")
                    .description("Time from receiving an exchange to finishing its answer")
                    .tag("upstream", l.a())
                    .tag("method", l.b())
                    .tag("result", l.c())
                    .serviceLevelObjectives(LATENCY_BUCKETS)
                    .register(registry))
        .record(elapsedNanos, TimeUnit.NANOSECONDS);
  }

  /** An alert went out: {@code mcp_firewall_alerts_total{type, severity}}. */
  public void alert(String type, String severity) {
    counter(
            alerts,
            new Labels(alertTypes.of(type), severities.of(lower(severity))),
            l ->
                Counter.builder("mcp.firewall.alerts")
                    .description("Alerts sent, after de-duplication")
                    .tag("type", l.a())
                    .tag("severity", l.b()))
        .increment();
  }

  /**
   * An alert was held back: {@code mcp_firewall_alerts_suppressed_total{type, reason}}.
   *
   * @param reason {@code duplicate} (an identical alert went out within the window) or {@code rate}
   *     (too many alerts of this type within the window)
   */
  public void alertSuppressed(String type, String reason) {
    counter(
            alertsSuppressed,
            new Labels(alertTypes.of(type), suppressionReasons.of(reason)),
            l ->
                Counter.builder("mcp.firewall.alerts.suppressed")
                    .description("Alerts collapsed into an earlier identical one or rate limited")
                    .tag("type", l.a())
                    .tag("reason", l.b()))
        .increment();
  }

  /**
   * A webhook delivery attempt ended: {@code mcp_firewall_alert_webhook_deliveries_total{outcome}}.
   *
   * @param outcome {@code delivered}, {@code retried}, {@code failed} (given up after the last try)
   *     or {@code dropped} (the queue was full)
   */
  public void webhookDelivery(String outcome) {
    counter(
            webhookDeliveries,
            new Labels(deliveryOutcomes.of(outcome)),
            l ->
                Counter.builder("mcp.firewall.alert.webhook.deliveries")
                    .description("Alert webhook deliveries by outcome")
                    .tag("outcome", l.a()))
        .increment();
  }

  /** Everything in the registry as Prometheus text (see {@link #CONTENT_TYPE}). */
  public String scrape() {
    return registry.scrape();
  }

  @Override
  public void close() {
    gcMetrics.ifPresent(
        gc -> {
          try {
            gc.close();
          } catch (Exception e) {
            // JvmGcMetrics only removes its notification listeners; nothing to recover.
          }
        });
    registry.close();
  }

  private Counter requestCounter(String upstream, String method, String outcome) {
    return counter(
        requests,
        new Labels(upstream, method, outcome),
        l ->
            Counter.builder("mcp.firewall.requests")
                .description("Exchanges handled, by upstream, JSON-RPC method and outcome")
                .tag("upstream", l.a())
                .tag("method", l.b())
                .tag("outcome", l.c()));
  }

  private Counter counter(
      ConcurrentMap<Labels, Counter> cache,
      Labels labels,
      Function<Labels, Counter.Builder> meter) {
    Counter counter = cache.get(labels);
    if (counter == null) {
      counter = cache.computeIfAbsent(labels, l -> meter.apply(l).register(registry));
    }
    return counter;
  }

  private static String result(String outcome) {
    if (OUTCOME_OK.equals(outcome)) {
      return "ok";
    }
    return UPSTREAM_ERRORS.contains(outcome) ? "upstream_error" : "refused";
  }

  private static String lower(String value) {
    return value == null ? null : value.toLowerCase(Locale.ROOT);
  }

  private static Set<String> knownOutcomes() {
    Set<String> outcomes = new HashSet<>();
    outcomes.add(OUTCOME_OK);
    for (FailureKind kind : FailureKind.values()) {
      outcomes.add(kind.reason());
    }
    return outcomes;
  }

  /** Label values of one series; unused positions are empty. */
  private record Labels(String a, String b, String c) {
    Labels(String a) {
      this(a, "", "");
    }

    Labels(String a, String b) {
      this(a, b, "");
    }
  }
}
