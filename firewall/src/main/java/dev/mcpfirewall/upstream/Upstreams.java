package dev.mcpfirewall.upstream;

import dev.mcpfirewall.config.FirewallConfig;
import dev.mcpfirewall.config.UpstreamConfig;
import dev.mcpfirewall.jsonrpc.JsonRpcCodec;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.PoolOptions;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The configured upstreams by name, each with the transport its config asks for. */
public final class Upstreams {
  /** Connections kept per HTTP upstream: each open event stream holds one. */
  public static final int DEFAULT_POOL_SIZE = 512;

  private final Map<String, UpstreamTransport> byName = new LinkedHashMap<>();
  private final EventLoopClients clients;

  public Upstreams(Vertx vertx, FirewallConfig config) {
    this.clients =
        new EventLoopClients(
            vertx,
            new HttpClientOptions().setKeepAlive(true).setTcpNoDelay(true),
            new PoolOptions().setHttp1MaxSize(DEFAULT_POOL_SIZE).setMaxWaitQueueSize(-1));
    // Upstream events may carry whole tool results: allow four request bodies' worth per event.
    int maxEventBytes = config.limits().maxBodyBytes() * 4;
    JsonRpcCodec codec = new JsonRpcCodec(config.limits().maxJsonDepth());
    for (UpstreamConfig upstream : config.upstreams()) {
      byName.put(upstream.name(), create(vertx, upstream, codec, maxEventBytes));
    }
  }

  private UpstreamTransport create(
      Vertx vertx, UpstreamConfig upstream, JsonRpcCodec codec, int maxEventBytes) {
    return switch (upstream.transport()) {
      case STREAMABLE_HTTP ->
          new StreamableHttpUpstream(vertx, clients, upstream, codec, maxEventBytes);
      case SSE -> new LegacySseUpstream(vertx, clients.shared(), upstream, codec, maxEventBytes);
      case STDIO -> new StdioUpstream(vertx, upstream, codec, maxEventBytes);
    };
  }

  /** The upstream with this name, or null. */
  public UpstreamTransport get(String name) {
    return name == null ? null : byName.get(name);
  }

  public List<String> names() {
    return List.copyOf(byName.keySet());
  }

  /** Stops every upstream (processes, connections). */
  public Future<Void> shutdown() {
    List<Future<Void>> stopping = new ArrayList<>();
    byName.values().forEach(u -> stopping.add(u.shutdown()));
    return Future.join(stopping).<Void>mapEmpty().eventually(clients::close);
  }
}
