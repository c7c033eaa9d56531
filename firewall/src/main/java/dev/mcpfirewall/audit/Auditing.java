package dev.mcpfirewall.audit;

import dev.mcpfirewall.admin.AdminAuditor;
import dev.mcpfirewall.admin.AdminRoutes;
import dev.mcpfirewall.audit.api.AuditApi;
import dev.mcpfirewall.audit.redact.FindingRedactor;
import dev.mcpfirewall.audit.redact.PayloadCommitment;
import dev.mcpfirewall.audit.siem.SiemForwarder;
import dev.mcpfirewall.audit.siem.SiemTarget;
import dev.mcpfirewall.audit.siem.SyslogTarget;
import dev.mcpfirewall.audit.siem.WebhookTarget;
import dev.mcpfirewall.audit.store.ChainWriter;
import dev.mcpfirewall.audit.store.Durability;
import dev.mcpfirewall.audit.store.NodeKey;
import dev.mcpfirewall.audit.store.WriterOptions;
import dev.mcpfirewall.auth.Principal;
import dev.mcpfirewall.config.AuditConfig;
import dev.mcpfirewall.pipeline.ResponsePipeline;
import dev.mcpfirewall.pipeline.Stage;
import dev.mcpfirewall.transport.McpEndpoint;
import io.micrometer.core.instrument.MeterRegistry;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The audit trail of one node, wired: the chain writer (opened and recovered on a worker), the
 * write-ahead stage, the observers that record upstream messages and refusals, the admin auditor,
 * the admin API, the SIEM stream and the periodic retention purge. Owns their lifecycles.
 */
public final class Auditing {
  private static final Logger log = LoggerFactory.getLogger(Auditing.class);

  /**
   * Encodes records (redaction, commitment, canonical JSON) in parallel, ahead of the one writer
   * thread that seals them in order. Daemon threads, shared by the nodes of a JVM.
   */
  private static final java.util.concurrent.Executor ENCODING =
      java.util.concurrent.Executors.newFixedThreadPool(
          Math.max(1, Math.min(4, Runtime.getRuntime().availableProcessors() - 1)),
          r -> {
            Thread t = new Thread(r, "audit-encoder");
            t.setDaemon(true);
            return t;
          });

  private final Vertx vertx;
  private final AuditConfig config;
  private final Clock clock;
  private final Optional<ChainWriter> writer;
  private final Optional<NodeKey> key;
  private final Optional<SiemForwarder> siem;
  private final AuditTrail trail;
  private final long purgeTimer;

  private Auditing(
      Vertx vertx,
      AuditConfig config,
      Clock clock,
      Optional<ChainWriter> writer,
      Optional<NodeKey> key,
      Optional<SiemForwarder> siem) {
    this.vertx = vertx;
    this.config = config;
    this.clock = clock;
    this.writer = writer;
    this.key = key;
    this.siem = siem;
    this.trail = writer.<AuditTrail>map(w -> w).orElse(AuditTrail.DISABLED);
    this.purgeTimer =
        writer.isPresent()
            ? vertx.setPeriodic(
                Math.max(1000, config.purgeInterval().toMillis()), t -> purge("retention"))
            : -1;
  }

  /** Opens the node's trail (key creation, crash recovery: file I/O on a worker). */
  public static Future<Auditing> open(
      Vertx vertx, AuditConfig config, Clock clock, MeterRegistry registry) {
    if (!config.enabled()) {
      log.warn("audit.enabled is false: nothing is recorded");
      return Future.succeededFuture(
          new Auditing(vertx, config, clock, Optional.empty(), Optional.empty(), Optional.empty()));
    }
    return vertx.executeBlocking(
        () -> {
          NodeKey key = NodeKey.loadOrCreate(config.signingKey());
          PayloadCommitment commitment = PayloadCommitment.loadOrCreate(config.commitmentKey());
          String node = config.nodeId().orElse("node-" + key.fingerprint().substring(0, 8));
          Optional<SiemForwarder> siem = siem(config, node, clock, registry);
          WriterOptions options =
              new WriterOptions(
                  config.dir(),
                  node,
                  config.durability() == AuditConfig.Durability.OS
                      ? Durability.OS
                      : Durability.FSYNC,
                  config.groupCommitMaxRecords(),
                  config.groupCommitMaxDelay(),
                  config.segmentBytes(),
                  config.checkpointInterval(),
                  config.checkpointRecords(),
                  WriterOptions.DEFAULT_QUEUE_CAPACITY);
          ChainWriter writer;
          try {
            writer =
                ChainWriter.open(
                    options,
                    key,
                    clock,
                    new PayloadCapture(
                        new FindingRedactor(),
                        commitment,
                        config.payloads().capture(),
                        config.payloads().maxBytes()),
                    siem.<ChainWriter.RecordListener>map(s -> s)
                        .orElse(ChainWriter.RecordListener.NONE),
                    ENCODING);
          } catch (RuntimeException e) {
            siem.ifPresent(SiemForwarder::close);
            throw e;
          }
          log.info(
              "audit trail of node {} in {} (durability {}, key {})",
              node,
              config.dir(),
              options.durability(),
              key.fingerprint());
          return new Auditing(vertx, config, clock, Optional.of(writer), Optional.of(key), siem);
        },
        false);
  }

  private static Optional<SiemForwarder> siem(
      AuditConfig config, String node, Clock clock, MeterRegistry registry) {
    List<SiemTarget> targets = new ArrayList<>();
    config.siem().webhook().ifPresent(w -> targets.add(new WebhookTarget(w.url(), w.headers())));
    config
        .siem()
        .syslog()
        .ifPresent(s -> targets.add(new SyslogTarget(s.host(), s.port(), s.tcp(), node, clock)));
    return targets.isEmpty()
        ? Optional.empty()
        : Optional.of(new SiemForwarder(targets, config.siem().queueCapacity(), registry));
  }

  public AuditTrail trail() {
    return trail;
  }

  /** The write-ahead stage, for the {@link dev.mcpfirewall.pipeline.Pipeline}'s AUDIT phase. */
  public Stage stage() {
    return new AuditStage(trail);
  }

  /** Records every upstream message after the response stages. */
  public ResponsePipeline.Observer responses() {
    return (exchange, received, outcome) ->
        trail
            .appendLazily(ExchangeRecords.upstreamMessage(exchange, received, outcome))
            .onFailure(e -> log.error("an upstream message could not be recorded", e));
  }

  /** Records every refused or failed exchange. */
  public McpEndpoint.RefusalObserver refusals() {
    return (request, exchange, failure) ->
        trail
            .appendLazily(ExchangeRecords.refusal(request, exchange, failure))
            .onFailure(e -> log.error("a refusal could not be recorded", e));
  }

  /** Records admin actions in the same chain. */
  public AdminAuditor auditor() {
    return (actor, action, details) -> {
      AuditEvent event = AuditEvent.of("admin").with("action", action);
      actorOf(event, actor);
      event.with("details", details == null ? new JsonObject() : details.copy());
      return trail.append(event).mapEmpty();
    };
  }

  private static void actorOf(AuditEvent event, Principal actor) {
    if (actor != null) {
      event.with("actor", actor.id());
      actor.keyId().ifPresent(k -> event.with("actorKeyId", k));
    }
  }

  /** The admin API routes, when auditing is enabled. */
  public List<AdminRoutes.AdminApi> apis() {
    if (writer.isEmpty()) {
      return List.of();
    }
    return List.of(new AuditApi(vertx, config.dir(), () -> key.get().publicPem(), auditor()));
  }

  /**
   * Purges segments past retention unless a legal hold is in effect (on the writer thread).
   *
   * @return the purged files
   */
  public Future<List<String>> purge(String actor) {
    if (writer.isEmpty()) {
      return Future.succeededFuture(List.of());
    }
    if (config.legalHold()) {
      log.debug("legal hold: audit segments are not purged");
      return Future.succeededFuture(List.of());
    }
    java.time.Instant cutoff = clock.instant().minus(Duration.ofDays(config.retentionDays()));
    return writer
        .get()
        .submit(w -> w.purgeBefore(cutoff, actor))
        .onSuccess(
            files -> {
              if (!files.isEmpty()) {
                log.info("audit retention purged {} segment(s): {}", files.size(), files);
              }
            })
        .onFailure(e -> log.error("audit retention purge failed", e));
  }

  /** The node's checkpoint public key (PEM), when auditing is enabled. */
  public Optional<String> publicKeyPem() {
    return key.map(NodeKey::publicPem);
  }

  /** The audit directory. */
  public Path dir() {
    return config.dir();
  }

  /** Signs a checkpoint over everything written so far. */
  public Future<Void> checkpoint() {
    return writer.map(ChainWriter::checkpointNow).orElse(Future.succeededFuture());
  }

  /** Writes what is queued, signs a final checkpoint and releases the directory. */
  public Future<Void> close() {
    if (purgeTimer >= 0) {
      vertx.cancelTimer(purgeTimer);
    }
    Future<Void> closed = writer.map(ChainWriter::close).orElse(Future.succeededFuture());
    return closed.eventually(
        () -> {
          siem.ifPresent(SiemForwarder::close);
          return Future.succeededFuture();
        });
  }
}
