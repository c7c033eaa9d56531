package dev.mcpfirewall.server;

import dev.mcpfirewall.config.FirewallConfig;
import dev.mcpfirewall.pipeline.Pipeline;
import dev.mcpfirewall.pipeline.ResponsePipeline;
import dev.mcpfirewall.session.SessionBinding;
import dev.mcpfirewall.session.SessionRegistry;
import dev.mcpfirewall.transport.McpEndpoint;
import dev.mcpfirewall.upstream.Upstreams;
import io.vertx.core.DeploymentOptions;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.time.Clock;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A running firewall node: its agent-facing listener on every event loop, its sessions and its
 * upstreams. Start with {@link #start}; stop with {@link #stop}, which ends every session and stops
 * every upstream process.
 */
public final class FirewallNode {
  private static final Logger log = LoggerFactory.getLogger(FirewallNode.class);

  private final Vertx vertx;
  private final FirewallConfig config;
  private final Upstreams upstreams;
  private final SessionRegistry sessions;
  private final int port;
  private final long sweepTimer;
  private final List<String> deployments;

  private FirewallNode(
      Vertx vertx,
      FirewallConfig config,
      Upstreams upstreams,
      SessionRegistry sessions,
      int port,
      long sweepTimer,
      List<String> deployments) {
    this.vertx = vertx;
    this.config = config;
    this.upstreams = upstreams;
    this.sessions = sessions;
    this.port = port;
    this.sweepTimer = sweepTimer;
    this.deployments = deployments;
  }

  /**
   * Starts a node. Fails (and leaves nothing running) when the listener cannot bind or an upstream
   * cannot be set up.
   *
   * @param instances listener instances; one per event loop is the usual choice
   */
  public static Future<FirewallNode> start(Vertx vertx, FirewallConfig config, int instances) {
    Upstreams upstreams;
    try {
      upstreams = new Upstreams(vertx, config);
    } catch (RuntimeException e) {
      return Future.failedFuture(e);
    }
    SessionRegistry sessions =
        new SessionRegistry(config.sessions(), Clock.systemUTC(), System::nanoTime);
    SessionBinding binding = new SessionBinding(sessions, config.protocolVersions());
    Pipeline pipeline = new Pipeline(List.of(binding));
    ResponsePipeline responses = new ResponsePipeline(List.of());
    McpEndpoint endpoint =
        new McpEndpoint(config, upstreams, sessions, binding, pipeline, responses);
    String host = config.listen().host();

    // One deployment of several instances: Vert.x shares the listening socket among them, and
    // instances of one deployment listening on port 0 share the same random port.
    List<McpVerticle> created = new java.util.concurrent.CopyOnWriteArrayList<>();
    List<String> deployments = new java.util.concurrent.CopyOnWriteArrayList<>();
    return vertx
        .deployVerticle(
            () -> {
              McpVerticle verticle = new McpVerticle(host, config.listen().port(), endpoint);
              created.add(verticle);
              return verticle;
            },
            new DeploymentOptions().setInstances(Math.max(1, instances)))
        .map(
            id -> {
              deployments.add(id);
              return created.get(0).actualPort();
            })
        .map(
            port -> {
              long sweepEvery =
                  Math.max(1000, Math.min(60_000, config.sessions().idleTimeout().toMillis() / 4));
              long timer = vertx.setPeriodic(sweepEvery, t -> sessions.expireIdle());
              log.info(
                  "MCP firewall listening on http://{}:{}/mcp/<upstream> for upstreams {}",
                  host,
                  port,
                  upstreams.names());
              return new FirewallNode(
                  vertx, config, upstreams, sessions, port, timer, List.copyOf(deployments));
            })
        .recover(
            e ->
                Future.join(deployments.stream().map(vertx::undeploy).toList())
                    .eventually(upstreams::shutdown)
                    .transform(v -> Future.failedFuture(e)));
  }

  /** The port the agent-facing listener is bound to. */
  public int port() {
    return port;
  }

  public FirewallConfig config() {
    return config;
  }

  /** Sessions open on this node. */
  public SessionRegistry sessions() {
    return sessions;
  }

  /** Ends every session, stops upstream processes, and undeploys the listeners. */
  public Future<Void> stop() {
    vertx.cancelTimer(sweepTimer);
    return sessions
        .endAll()
        .eventually(upstreams::shutdown)
        .eventually(
            () -> Future.join(deployments.stream().map(vertx::undeploy).toList()).mapEmpty());
  }
}
