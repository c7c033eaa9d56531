package dev.mcpfirewall.alert;

import dev.mcpfirewall.config.AlertsConfig;
import dev.mcpfirewall.metrics.FirewallMetrics;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClientAgent;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpClientRequest;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.PoolOptions;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.json.JsonObject;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * POSTs each alert as JSON to every configured webhook:
 *
 * <pre>{@code
 * {"type":"auth.lockout","severity":"WARNING","summary":"...",
 *  "attributes":{"scope":"source","subject":"203.0.113.7",...},
 *  "time":"2026-01-05T10:00:00Z","node":"fw-1"}
 * }</pre>
 *
 * <p>Delivery is best effort: {@link #send} only enqueues and never blocks. Each webhook has its
 * own bounded queue ({@link Options#queueCapacity()}); when it is full the <em>oldest</em> waiting
 * alert is dropped, counted ({@link #dropped()}, {@code
 * mcp_firewall_alert_webhook_deliveries_total{outcome="dropped"}}) and logged. A delivery is tried
 * up to {@link Options#maxAttempts()} times, with a doubling backoff, when the connection fails,
 * times out, or the receiver answers 408, 429 or 5xx; any other non-2xx answer is final. A failed
 * delivery is logged, never thrown. Redirects are not followed.
 *
 * <p>Only the scheme, host and port of a webhook URL are ever logged: chat webhooks carry their
 * secret in the path.
 */
public final class WebhookAlertSink implements AlertSink {
  private static final Logger log = LoggerFactory.getLogger(WebhookAlertSink.class);
  private static final long DROP_LOG_INTERVAL_NANOS = TimeUnit.MINUTES.toNanos(1);

  /**
   * How the sink delivers.
   *
   * @param queueCapacity alerts waiting per webhook before the oldest is dropped
   * @param maxAttempts tries per alert, the first included
   * @param retryBackoff the wait before the second try; it doubles for each further try
   * @param connectTimeout how long to wait for a connection
   * @param readTimeout how long the receiver may stay silent while answering
   * @param requestTimeout how long one try may take in total
   * @param maxInFlight deliveries in progress at once per webhook (retry waits included)
   */
  public record Options(
      int queueCapacity,
      int maxAttempts,
      Duration retryBackoff,
      Duration connectTimeout,
      Duration readTimeout,
      Duration requestTimeout,
      int maxInFlight) {
    public static final int DEFAULT_QUEUE_CAPACITY = 1000;
    public static final int DEFAULT_MAX_ATTEMPTS = 3;
    public static final Duration DEFAULT_RETRY_BACKOFF = Duration.ofSeconds(1);
    public static final Duration DEFAULT_CONNECT_TIMEOUT = Duration.ofSeconds(5);
    public static final Duration DEFAULT_READ_TIMEOUT = Duration.ofSeconds(10);
    public static final Duration DEFAULT_REQUEST_TIMEOUT = Duration.ofSeconds(15);
    public static final int DEFAULT_MAX_IN_FLIGHT = 4;

    public Options {
      if (queueCapacity < 1 || maxAttempts < 1 || maxInFlight < 1) {
        throw new IllegalArgumentException(
            "queueCapacity, maxAttempts and maxInFlight must be at least 1");
      }
    }

    public static Options defaults() {
      return new Options(
          DEFAULT_QUEUE_CAPACITY,
          DEFAULT_MAX_ATTEMPTS,
          DEFAULT_RETRY_BACKOFF,
          DEFAULT_CONNECT_TIMEOUT,
          DEFAULT_READ_TIMEOUT,
          DEFAULT_REQUEST_TIMEOUT,
          DEFAULT_MAX_IN_FLIGHT);
    }
  }

  private final Vertx vertx;
  private final Context context;
  private final HttpClientAgent client;
  private final Optional<String> node;
  private final FirewallMetrics metrics;
  private final Options options;
  private final List<Endpoint> endpoints;
  private final AtomicLong dropped = new AtomicLong();
  private final AtomicBoolean closed = new AtomicBoolean();
  private volatile long lastDropLog = System.nanoTime() - DROP_LOG_INTERVAL_NANOS;

  public WebhookAlertSink(
      Vertx vertx,
      List<AlertsConfig.Webhook> webhooks,
      Optional<String> node,
      FirewallMetrics metrics) {
    this(vertx, webhooks, node, metrics, Options.defaults());
  }

  public WebhookAlertSink(
      Vertx vertx,
      List<AlertsConfig.Webhook> webhooks,
      Optional<String> node,
      FirewallMetrics metrics,
      Options options) {
    this.vertx = vertx;
    this.context = vertx.getOrCreateContext();
    this.node = node;
    this.metrics = metrics;
    this.options = options;
    this.client =
        vertx.createHttpClient(
            new HttpClientOptions()
                .setConnectTimeout(Math.toIntExact(options.connectTimeout().toMillis()))
                .setKeepAlive(true),
            new PoolOptions().setHttp1MaxSize(options.maxInFlight()));
    List<Endpoint> list = new ArrayList<>();
    for (AlertsConfig.Webhook webhook : webhooks) {
      list.add(new Endpoint(webhook));
    }
    this.endpoints = List.copyOf(list);
  }

  @Override
  public void send(Alert alert) {
    if (endpoints.isEmpty() || closed.get()) {
      return;
    }
    Delivery delivery = new Delivery(alert.type(), payload(alert).toBuffer());
    for (Endpoint endpoint : endpoints) {
      endpoint.offer(delivery);
    }
  }

  /** Alerts dropped because a webhook's queue was full, since start. */
  public long dropped() {
    return dropped.get();
  }

  /** Stops delivering; alerts still queued are discarded (and logged as such). */
  public Future<Void> close() {
    if (!closed.compareAndSet(false, true)) {
      return Future.succeededFuture();
    }
    int discarded = 0;
    for (Endpoint endpoint : endpoints) {
      discarded += endpoint.clear();
    }
    if (discarded > 0) {
      log.warn("{} alerts not yet delivered to webhooks were discarded at shutdown", discarded);
    }
    return client.close();
  }

  /** The JSON body of one alert. */
  JsonObject payload(Alert alert) {
    JsonObject json =
        new JsonObject()
            .put("type", alert.type())
            .put("severity", alert.severity().name())
            .put("summary", alert.summary())
            .put("attributes", new JsonObject(new TreeMap<String, Object>(alert.attributes())))
            .put("time", alert.time().toString());
    node.ifPresent(n -> json.put("node", n));
    return json;
  }

  private void noteDropped(Endpoint endpoint) {
    long total = dropped.incrementAndGet();
    metrics.webhookDelivery("dropped");
    long now = System.nanoTime();
    long last = lastDropLog;
    if (now - last >= DROP_LOG_INTERVAL_NANOS) {
      lastDropLog = now;
      log.warn(
          "Alert webhook {} is not keeping up: its queue of {} is full, the oldest alert was"
              + " dropped ({} dropped in total)",
          endpoint.name,
          options.queueCapacity(),
          total);
    }
  }

  private record Delivery(String type, Buffer body) {}

  /** One webhook: its queue and the deliveries in progress. */
  private final class Endpoint {
    private final String name;
    private final RequestOptions request;
    private final ArrayDeque<Delivery> queue = new ArrayDeque<>();
    private final AtomicBoolean drainScheduled = new AtomicBoolean();
    private int inFlight; // only touched on the sink's context

    Endpoint(AlertsConfig.Webhook webhook) {
      URI url = webhook.url();
      this.name = redacted(url);
      this.request =
          new RequestOptions()
              .setMethod(HttpMethod.POST)
              .setAbsoluteURI(url.toString())
              .setFollowRedirects(false)
              .setConnectTimeout(options.connectTimeout().toMillis())
              .setIdleTimeout(options.readTimeout().toMillis())
              .putHeader("Content-Type", "application/json")
              .putHeader("User-Agent", "mcp-firewall-alerts");
      for (Map.Entry<String, String> header : webhook.headers().entrySet()) {
        request.putHeader(header.getKey(), header.getValue());
      }
    }

    void offer(Delivery delivery) {
      boolean full;
      synchronized (queue) {
        full = queue.size() >= options.queueCapacity();
        if (full) {
          queue.pollFirst();
        }
        queue.addLast(delivery);
      }
      if (full) {
        noteDropped(this);
      }
      scheduleDrain();
    }

    int clear() {
      synchronized (queue) {
        int n = queue.size();
        queue.clear();
        return n;
      }
    }

    private void scheduleDrain() {
      if (drainScheduled.compareAndSet(false, true)) {
        context.runOnContext(v -> drain());
      }
    }

    private void drain() {
      drainScheduled.set(false);
      while (inFlight < options.maxInFlight() && !closed.get()) {
        Delivery next;
        synchronized (queue) {
          next = queue.pollFirst();
        }
        if (next == null) {
          return;
        }
        inFlight++;
        attempt(next, 1);
      }
    }

    private void attempt(Delivery delivery, int tryNumber) {
      if (closed.get()) {
        finished();
        return;
      }
      client
          .request(new RequestOptions(request))
          .compose(req -> post(req, delivery.body()))
          .onComplete(
              ar -> {
                if (closed.get()) {
                  // Shutting down: the client is closing under this try; nothing to report.
                  finished();
                  return;
                }
                int status = ar.succeeded() ? ar.result() : -1;
                if (status >= 200 && status < 300) {
                  metrics.webhookDelivery("delivered");
                  finished();
                } else if (retriable(status) && tryNumber < options.maxAttempts()) {
                  metrics.webhookDelivery("retried");
                  long wait = options.retryBackoff().toMillis() << (tryNumber - 1);
                  vertx.setTimer(Math.max(1, wait), t -> attempt(delivery, tryNumber + 1));
                } else {
                  metrics.webhookDelivery("failed");
                  log.warn(
                      "Alert '{}' not delivered to webhook {} after {} tries: {}",
                      delivery.type(),
                      name,
                      tryNumber,
                      ar.succeeded() ? "HTTP " + status : describe(ar.cause()));
                  finished();
                }
              });
    }

    private Future<Integer> post(HttpClientRequest req, Buffer body) {
      long timer =
          vertx.setTimer(
              options.requestTimeout().toMillis(),
              t -> req.reset(0, new java.util.concurrent.TimeoutException("request timeout")));
      return req.send(body)
          .compose(
              response -> {
                // Read and discard the answer so the connection can be reused.
                response.handler(ignored -> {});
                return response.end().map(v -> response.statusCode());
              })
          .onComplete(ar -> vertx.cancelTimer(timer));
    }

    private void finished() {
      inFlight--;
      drain();
    }
  }

  private static boolean retriable(int status) {
    return status < 0 || status == 408 || status == 429 || status >= 500;
  }

  private static String describe(Throwable cause) {
    String message = cause.getMessage();
    return cause.getClass().getSimpleName() + (message == null ? "" : ": " + message);
  }

  /** The URL without path, query or user info, safe to log. */
  static String redacted(URI url) {
    int port = url.getPort();
    return url.getScheme() + "://" + url.getHost() + (port < 0 ? "" : ":" + port);
  }
}
