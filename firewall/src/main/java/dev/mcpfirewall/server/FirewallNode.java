package dev.mcpfirewall.server;

import dev.mcpfirewall.admin.AdminRoutes;
import dev.mcpfirewall.admin.AdminVerticle;
import dev.mcpfirewall.admin.KeysApi;
import dev.mcpfirewall.admin.ToolPinsApi;
import dev.mcpfirewall.audit.Auditing;
import dev.mcpfirewall.audit.ConfigHistory;
import dev.mcpfirewall.audit.InspectionAudit;
import dev.mcpfirewall.audit.PinAudit;
import dev.mcpfirewall.auth.Authentication;
import dev.mcpfirewall.config.FirewallConfig;
import dev.mcpfirewall.detect.DetectionPlatform;
import dev.mcpfirewall.integrity.ArgumentValidation;
import dev.mcpfirewall.integrity.PinEvents;
import dev.mcpfirewall.integrity.StructuredContentCheck;
import dev.mcpfirewall.integrity.ToolDefinitionScreen;
import dev.mcpfirewall.integrity.ToolDiscovery;
import dev.mcpfirewall.integrity.ToolIntegrity;
import dev.mcpfirewall.integrity.ToolPinRecorder;
import dev.mcpfirewall.pipeline.Pipeline;
import dev.mcpfirewall.pipeline.ResponsePipeline;
import dev.mcpfirewall.policy.Authorization;
import dev.mcpfirewall.policy.ToolListFilter;
import dev.mcpfirewall.schema.ToolSchemaLimits;
import dev.mcpfirewall.schema.ToolSchemas;
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
import java.util.concurrent.atomic.AtomicReference;
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
  private final DetectionPlatform detection;

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
      Auditing audit,
      DetectionPlatform detection) {
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
    this.detection = detection;
  }

  /**
   * Starts a node. Fails (and leaves nothing running) when the listener cannot bind or an upstream
   * cannot be set up.
   *
   * @param instances listener instances; one per event loop is the usual choice
   */
  public static Future<FirewallNode> start(Vertx vertx, FirewallConfig config, int instances) {
    Clock clock = Clock.systemUTC();
    // Access control comes first (the others need its alerts and metrics), but its tool pins
    // screen definitions with the detectors and record their events in the audit trail: both are
    // bound once those are up, before any listener accepts a request.
    AtomicReference<ToolDefinitionScreen> screen = new AtomicReference<>(ToolDefinitionScreen.NONE);
    AtomicReference<PinEvents> pinEvents = new AtomicReference<>(PinEvents.LOG);
    return AccessControl.open(
            vertx,
            config,
            (upstream, tool) -> screen.get().screen(upstream, tool),
            (action, actor, details) -> pinEvents.get().record(action, actor, details),
            clock)
        .compose(
            access ->
                Auditing.open(vertx, config.audit(), clock, access.metrics.registry())
                    .recover(e -> access.close().transform(v -> Future.failedFuture(e)))
                    .compose(
                        audit ->
                            DetectionPlatform.start(
                                    vertx, config, access.metrics.registry(), access.alerts, clock)
                                .compose(
                                    detection -> {
                                      screen.set(detection.toolScreen());
                                      pinEvents.set(new PinAudit(audit.auditor()));
                                      detection.recordInspectionsWith(
                                          new InspectionAudit(audit.trail()));
                                      return ConfigHistory.record(vertx, config, audit.auditor())
                                          .recover(
                                              e -> {
                                                log.warn(
                                                    "the configuration could not be recorded in"
                                                        + " the audit trail: {}",
                                                    e.toString());
                                                return Future.succeededFuture();
                                              })
                                          .compose(
                                              v ->
                                                  start(
                                                      vertx, config, instances, access, audit,
                                                      detection))
                                          .onFailure(e -> detection.close());
                                    })
                                .recover(
                                    e ->
                                        audit
                                            .close()
                                            .eventually(access::close)
                                            .transform(v -> Future.failedFuture(e)))));
  }

  private static Future<FirewallNode> start(
      Vertx vertx,
      FirewallConfig config,
      int instances,
      AccessControl access,
      Auditing audit,
      DetectionPlatform detection) {
    Upstreams upstreams;
    try {
      upstreams = new Upstreams(vertx, config);
    } catch (RuntimeException e) {
      return Future.failedFuture(e);
    }
    SessionRegistry sessions =
        new SessionRegistry(config.sessions(), Clock.systemUTC(), System::nanoTime);
    SessionBinding binding = new SessionBinding(sessions, config.protocolVersions());
    ToolSchemas schemas =
        new ToolSchemas(
            ToolSchemaLimits.defaults().withHardMaxDepth(config.limits().maxJsonDepth()));
    Pipeline pipeline =
        new Pipeline(
            List.of(
                binding,
                new Authentication(),
                new ToolDiscovery(access.pins),
                new Authorization(access.policy),
                new ToolIntegrity(access.pins),
                new ArgumentValidation(vertx, access.pins, schemas),
                detection.inboundStage(),
                detection.verdictStage(),
                audit.stage()));
    // Response stages run in reverse of this list: the pins see a listing first, then the output
    // check, then the per-caller filter; the detectors see what is left, nearest the agent. The
    // audit observer records what the agent actually got (or that it was blocked).
    ResponsePipeline responses =
        new ResponsePipeline(
            List.of(
                detection.responseStage(),
                new ToolListFilter(access.policy),
                new StructuredContentCheck(vertx, access.pins, schemas, access.metrics.registry()),
                new ToolPinRecorder(access.pins)),
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
                apis(access, audit, detection),
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
                  new McpVerticle(
                      host,
                      config.listen().port(),
                      endpoint,
                      metadata,
                      detection.inspectEndpoint(config, access.credentials));
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
                  audit,
                  detection);
            })
        .recover(
            e ->
                Future.join(deployments.stream().map(vertx::undeploy).toList())
                    .eventually(upstreams::shutdown)
                    .transform(v -> Future.failedFuture(e)));
  }

  private static List<AdminRoutes.AdminApi> apis(
      AccessControl access, Auditing audit, DetectionPlatform detection) {
    List<AdminRoutes.AdminApi> apis = new java.util.ArrayList<>();
    apis.add(new KeysApi(access.keys, Clock.systemUTC(), audit.auditor()));
    apis.add(new ToolPinsApi(access.pins));
    apis.add(detection.adminApi(audit.auditor()));
    apis.addAll(audit.apis());
    return apis;
  }

  /** The tool pins of this node, as the admin API manages them. */
  public dev.mcpfirewall.integrity.ToolPins toolPins() {
    return access.pins;
  }

  /** The node's detector platform. */
  public DetectionPlatform detection() {
    return detection;
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
        .eventually(
            () -> {
              detection.close();
              return Future.succeededFuture();
            })
        .eventually(audit::close)
        .eventually(access::close);
  }
}
