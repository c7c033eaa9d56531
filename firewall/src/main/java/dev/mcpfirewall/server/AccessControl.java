package dev.mcpfirewall.server;

import dev.mcpfirewall.alert.AlertSink;
import dev.mcpfirewall.alert.AlertThrottle;
import dev.mcpfirewall.alert.Alerts;
import dev.mcpfirewall.alert.LogAlertSink;
import dev.mcpfirewall.alert.MetricAlertSink;
import dev.mcpfirewall.alert.WebhookAlertSink;
import dev.mcpfirewall.auth.Authenticator;
import dev.mcpfirewall.auth.Credentials;
import dev.mcpfirewall.auth.apikey.ApiKeyAuthenticator;
import dev.mcpfirewall.auth.apikey.ApiKeyRegistry;
import dev.mcpfirewall.auth.apikey.KeyExpiryWatch;
import dev.mcpfirewall.auth.jwt.JwtAuthenticator;
import dev.mcpfirewall.auth.lockout.AuthFailureTracker;
import dev.mcpfirewall.auth.lockout.TrackedAuthAttempts;
import dev.mcpfirewall.config.FirewallConfig;
import dev.mcpfirewall.integrity.FilePinStore;
import dev.mcpfirewall.integrity.PinEvents;
import dev.mcpfirewall.integrity.PinnedToolCatalog;
import dev.mcpfirewall.integrity.ToolDefinitionScreen;
import dev.mcpfirewall.integrity.ToolPins;
import dev.mcpfirewall.metrics.FirewallMetrics;
import dev.mcpfirewall.policy.AccessPolicy;
import dev.mcpfirewall.policy.ToolClassOverrides;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpClient;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Who may do what on this node, assembled from the configuration: the credential verifiers (API
 * keys, JWT), failure accounting and lockout, alerts and metrics, the role policy and the tool
 * catalog it decides on. Owns their lifecycles (key store, JWKS refresh, expiry watch, webhooks).
 */
final class AccessControl {
  private static final Logger log = LoggerFactory.getLogger(AccessControl.class);

  final FirewallMetrics metrics;
  final AlertSink alerts;
  final ApiKeyRegistry keys;
  final Credentials credentials;
  final ToolPins pins;
  final AccessPolicy policy;
  private final KeyExpiryWatch expiryWatch;
  private final Optional<JwtAuthenticator> jwt;
  private final WebhookAlertSink webhooks;
  private final HttpClient jwksClient;

  private AccessControl(
      FirewallMetrics metrics,
      AlertSink alerts,
      WebhookAlertSink webhooks,
      ApiKeyRegistry keys,
      Credentials credentials,
      ToolPins pins,
      AccessPolicy policy,
      KeyExpiryWatch expiryWatch,
      Optional<JwtAuthenticator> jwt,
      HttpClient jwksClient) {
    this.metrics = metrics;
    this.alerts = alerts;
    this.webhooks = webhooks;
    this.keys = keys;
    this.credentials = credentials;
    this.pins = pins;
    this.policy = policy;
    this.expiryWatch = expiryWatch;
    this.jwt = jwt;
    this.jwksClient = jwksClient;
  }

  static Future<AccessControl> open(
      Vertx vertx,
      FirewallConfig config,
      ToolDefinitionScreen screen,
      PinEvents pinEvents,
      Clock clock) {
    ToolClassOverrides overrides;
    try {
      overrides = ToolClassOverrides.from(config.policy());
      // Validates roles and grants now, before anything is opened; rebuilt on the pins below.
      new AccessPolicy(config.policy(), new PinnedToolCatalog(null, overrides));
    } catch (IllegalArgumentException e) {
      return Future.failedFuture(e);
    }
    FirewallMetrics metrics = FirewallMetrics.create();
    WebhookAlertSink webhooks =
        new WebhookAlertSink(vertx, config.alerts().webhooks(), Optional.empty(), metrics);
    AlertSink alerts =
        new Alerts(
            List.of(new LogAlertSink(), new MetricAlertSink(metrics), webhooks),
            AlertThrottle.withDefaults(clock),
            metrics);
    AuthFailureTracker tracker =
        new AuthFailureTracker(config.auth().lockout(), clock, alerts, metrics);
    TrackedAuthAttempts attempts = new TrackedAuthAttempts(tracker, metrics);

    HttpClient jwksClient = vertx.createHttpClient();
    Optional<JwtAuthenticator> jwt;
    try {
      jwt =
          config
              .auth()
              .jwt()
              .map(settings -> new JwtAuthenticator(vertx, settings, jwksClient, clock));
    } catch (IllegalArgumentException e) {
      jwksClient.close();
      return Future.failedFuture(e);
    }
    Future<Void> jwtReady = jwt.map(JwtAuthenticator::start).orElse(Future.succeededFuture());

    ToolPins[] opened = new ToolPins[1];
    return jwtReady
        .compose(
            v ->
                ToolPins.open(
                    vertx,
                    new FilePinStore(config.dataDir().resolve(FilePinStore.FILE_NAME)),
                    name ->
                        config
                            .upstream(name)
                            .map(u -> u.integrity())
                            .orElse(dev.mcpfirewall.config.ToolIntegrityConfig.defaults()),
                    screen,
                    alerts,
                    pinEvents,
                    clock))
        .compose(
            pins -> {
              opened[0] = pins;
              return ApiKeyRegistry.open(vertx, config.auth(), clock);
            })
        .map(
            keys -> {
              ToolPins pins = opened[0];
              List<Authenticator> authenticators = new ArrayList<>();
              authenticators.add(
                  new ApiKeyAuthenticator(
                      keys,
                      (keyId, reason) ->
                          log.debug("API key {} refused: {}", keyId, reason.code())));
              jwt.ifPresent(authenticators::add);
              KeyExpiryWatch watch =
                  new KeyExpiryWatch(vertx, keys, alerts, clock, KeyExpiryWatch.DEFAULT_PERIOD);
              watch.start();
              return new AccessControl(
                  metrics,
                  alerts,
                  webhooks,
                  keys,
                  new Credentials(authenticators, attempts),
                  pins,
                  new AccessPolicy(config.policy(), new PinnedToolCatalog(pins, overrides)),
                  watch,
                  jwt,
                  jwksClient);
            })
        .onFailure(
            e -> {
              if (opened[0] != null) {
                opened[0].close();
              }
              jwt.ifPresent(JwtAuthenticator::close);
              jwksClient.close();
              webhooks.close();
              metrics.close();
            });
  }

  Future<Void> close() {
    expiryWatch.stop();
    jwt.ifPresent(JwtAuthenticator::close);
    return keys.close()
        .eventually(pins::close)
        .eventually(webhooks::close)
        .eventually(jwksClient::close)
        .eventually(
            () -> {
              metrics.close();
              return Future.succeededFuture();
            });
  }
}
