package dev.mcpfirewall.upstream;

import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.PoolOptions;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;

/**
 * One upstream HTTP client per event loop. A client's connection pool is shared by whoever uses it:
 * with one client for all event loops, a connection opened on one loop serves requests from
 * another, and every such call hops threads (measured: about 8 thread wake-ups per forwarded call
 * instead of 2.5, some 35 CPU-µs per call at moderate load). With a client per loop, a request and
 * its upstream connection stay on the agent request's event loop.
 */
public final class EventLoopClients {
  private final Vertx vertx;
  private final HttpClientOptions options;
  private final PoolOptions pool;
  private final ConcurrentHashMap<Thread, HttpClient> byLoop = new ConcurrentHashMap<>();
  private final HttpClient shared;

  public EventLoopClients(Vertx vertx, HttpClientOptions options, PoolOptions pool) {
    this.vertx = vertx;
    this.options = options;
    this.pool = pool;
    this.shared = vertx.createHttpClient(options, pool);
  }

  /** The client of the calling event loop; callers off any event loop share one client. */
  public HttpClient current() {
    Context context = Vertx.currentContext();
    if (context == null || !context.isEventLoopContext()) {
      return shared;
    }
    return byLoop.computeIfAbsent(
        Thread.currentThread(), thread -> vertx.createHttpClient(options, pool));
  }

  /** One client for all loops, for long-lived streams that need no per-loop affinity. */
  public HttpClient shared() {
    return shared;
  }

  public Future<Void> close() {
    List<Future<Void>> closing = new ArrayList<>();
    closing.add(shared.close());
    byLoop.values().forEach(c -> closing.add(c.close()));
    return Future.join(closing).mapEmpty();
  }
}
