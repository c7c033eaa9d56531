package dev.mcpfirewall.server;

import dev.mcpfirewall.admin.AdminRoutes;
import dev.mcpfirewall.admin.AdminVerticle;
import dev.mcpfirewall.admin.KeysApi;
import dev.mcpfirewall.audit.Auditing;
import dev.mcpfirewall.auth.Authentication;
import dev.mcpfirewall.config.FirewallConfig;
import dev.mcpfirewall.pipeline.Pipeline;
import dev.mcpfirewall.pipeline.ResponsePipeline;
import dev.mcpfirewall.policy.Authorization;
import dev.mcpfirewall.policy.ToolCatalogRecorder;
import dev.mcpfirewall.policy.ToolDiscovery;
import dev.mcpfirewall.policy.ToolListFilter;
import dev.mcpfirewall.session.SessionBinding;
import dev.mcpfirewall.session.SessionRegistry;
import dev.mcpfirewall.transport.McpEndpoint;
import dev.mcpfirewall.transport.ProtectedResourceMetadata;
import dev.mcpfirewall.upstream.Upstreams;
import io.vertx.core.DeploymentOptions;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
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
  private final AccessControl access;
  private final Upstreams upstreams;
  private final SessionRegistry sessions;
  private final int port;
  private final int adminPort;
  private final long sweepTimer;
  private final List<String> deployments;
  private final List<Listener> listeners;
  private final Auditing audit;

  /** A listener and its routes, for the route inventory test. */
  public record Listener(String name, Router router) {}

  private FirewallNode(
      Vertx vertx,
      FirewallConfig config,
      AccessControl access,
      Upstreams upstreams,
      SessionRegistry sessions,
      int port,
      int adminPort,
      long sweepTimer,
      List<String> deployments,
      List<Listener> listeners,
      Auditing audit) {
    this.vertx = vertx;
    this.config = config;
    this.access = access;
    this.upstreams = upstreams;
    this.sessions = sessions;
    this.port = port;
    this.adminPort = adminPort;
    this.sweepTimer = sweepTimer;
    this.deployments = deployments;
    this.listeners = listeners;
    this.audit = audit;
  }

  /**
   * Starts a node. Fails (and leaves nothing running) when the listener cannot bind or an upstream
   * cannot be set up.
   *
   * @param instances listener instances; one per event loop is the usual choice
   */
  public static Future<FirewallNode> start(Vertx vertx, FirewallConfig config, int instances) {
    Clock clock = Clock.systemUTC();
    return AccessControl.open(vertx, config, clock)
        .compose(
            access ->
                Auditing.open(vertx, config.audit(), clock, access.metrics.registry())
                    .recover(e -> access.close().transform(v -> Future.failedFuture(e)))
                    .compose(
                        audit ->
                            start(vertx, config, instances, access, audit)
                                .recover(
                                    e ->
                                        audit
                                            .close()
                                            .eventually(access::close)
                                            .transform(v -> Future.failedFuture(e)))));
  }

  private static Future<FirewallNode> start(
      Vertx vertx, FirewallConfig config, int instances, AccessControl access, Auditing audit) {
    Upstreams upstreams;
    try {
      upstreams = new Upstreams(vertx, config);
    } catch (RuntimeException e) {
      return Future.failedFuture(e);
    }
    SessionRegistry sessions =
        new SessionRegistry(config.sessions(), Clock.systemUTC(), System::nanoTime);
    SessionBinding binding = new SessionBinding(sessions, config.protocolVersions());
    Pipeline pipeline =
        new Pipeline(
            List.of(
                binding,
                new Authentication(),
                new ToolDiscovery(access.catalog),
                new Authorization(access.policy),
                audit.stage()));
    // Response stages run in reverse: the catalog records a listing before the filter trims it.
    ResponsePipeline responses =
        new ResponsePipeline(
            List.of(new ToolListFilter(access.policy), new ToolCatalogRecorder(access.catalog)),
            audit.responses());
    McpEndpoint endpoint =
        new McpEndpoint(
            config,
            upstreams,
            access.credentials,
            sessions,
            binding,
            pipeline,
            responses,
            audit.refusals());
    String host = config.listen().host();
    ProtectedResourceMetadata metadata =
        new ProtectedResourceMetadata(config.auth().authorizationServers());
    AdminVerticle admin =
        new AdminVerticle(
            config.admin().listen().host(),
            config.admin().listen().port(),
            new AdminRoutes(
                config.admin().listen(),
                access.credentials,
                access.policy::admin,
                apis(access, audit),
                access.metrics::scrape,
                () -> new JsonObject().put("status", "UP").put("sessions", sessions.size()),
                audit.auditor()));

    // One deployment of several instances: Vert.x shares the listening socket among them, and
    // instances of one deployment listening on port 0 share the same random port.
    List<McpVerticle> created = new java.util.concurrent.CopyOnWriteArrayList<>();
    List<String> deployments = new java.util.concurrent.CopyOnWriteArrayList<>();
    return vertx
        .deployVerticle(
            () -> {
              McpVerticle verticle =
                  new McpVerticle(host, config.listen().port(), endpoint, metadata);
              created.add(verticle);
              return verticle;
            },
            new DeploymentOptions().setInstances(Math.max(1, instances)))
        .compose(
            id -> {
              deployments.add(id);
              return vertx.deployVerticle(admin);
            })
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
                  "MCP firewall listening on http://{}:{}/mcp/<upstream> for upstreams {}; admin"
                      + " plane on http://{}:{}/admin/",
                  host,
                  port,
                  upstreams.names(),
                  config.admin().listen().host(),
                  admin.actualPort());
              return new FirewallNode(
                  vertx,
                  config,
                  access,
                  upstreams,
                  sessions,
                  port,
                  admin.actualPort(),
                  timer,
                  List.copyOf(deployments),
                  List.of(
                      new Listener("mcp", created.get(0).router()),
                      new Listener("admin", admin.router())),
                  audit);
            })
        .recover(
            e ->
                Future.join(deployments.stream().map(vertx::undeploy).toList())
                    .eventually(upstreams::shutdown)
                    .transform(v -> Future.failedFuture(e)));
  }

  private static List<AdminRoutes.AdminApi> apis(AccessControl access, Auditing audit) {
    List<AdminRoutes.AdminApi> apis = new java.util.ArrayList<>();
    apis.add(new KeysApi(access.keys, Clock.systemUTC(), audit.auditor()));
    apis.addAll(audit.apis());
    return apis;
  }

  /** The node's audit trail. */
  public Auditing audit() {
    return audit;
  }

  /** The port the agent-facing listener is bound to. */
  public int port() {
    return port;
  }

  /** The port the admin plane is bound to. */
  public int adminPort() {
    return adminPort;
  }

  /** The API keys of this node (create, rotate, revoke), as the admin API manages them. */
  public dev.mcpfirewall.auth.apikey.ApiKeyRegistry keys() {
    return access.keys;
  }

  /** Both listeners and their routers. */
  public List<Listener> listeners() {
    return listeners;
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
            () -> Future.join(deployments.stream().map(vertx::undeploy).toList()).mapEmpty())
        .eventually(audit::close)
        .eventually(access::close);
  }
}
