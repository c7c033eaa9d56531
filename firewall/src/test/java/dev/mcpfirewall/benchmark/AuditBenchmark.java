package dev.mcpfirewall.benchmark;

import dev.mcpfirewall.audit.AuditEvent;
import dev.mcpfirewall.audit.Auditing;
import dev.mcpfirewall.audit.store.NodeKey;
import dev.mcpfirewall.audit.verify.ChainVerifier;
import dev.mcpfirewall.audit.verify.VerifyReport;
import dev.mcpfirewall.config.AuditConfig;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The audit trail's throughput: durable records per second through the group-commit writer (each a
 * request-like record with a JSON-RPC payload that is redacted and committed to), then offline
 * verification speed over the chain that produced. A program, not a test:
 *
 * <pre>
 * ./mvnw -q -pl firewall test-compile exec:java -DskipTests -Dexec.classpathScope=test \
 *   -Dexec.mainClass=dev.mcpfirewall.benchmark.AuditBenchmark \
 *   -Dexec.args="--seconds 10 --in-flight 4096 --durability fsync --dir /tmp/audit-bench"
 * </pre>
 *
 * <p>{@code --in-flight} bounds the appends waiting for durability (as concurrent requests would);
 * {@code --dir} should be on the disk the firewall would use (the default is a temp directory).
 */
public final class AuditBenchmark {
  private AuditBenchmark() {}

  public static void main(String[] args) throws Exception {
    int seconds = 10;
    int inFlight = 4096;
    int producers = 2;
    AuditConfig.Durability durability = AuditConfig.Durability.FSYNC;
    Path root = null;
    for (int i = 0; i < args.length; i++) {
      switch (args[i]) {
        case "--seconds" -> seconds = Integer.parseInt(args[++i]);
        case "--in-flight" -> inFlight = Integer.parseInt(args[++i]);
        case "--producers" -> producers = Integer.parseInt(args[++i]);
        case "--durability" -> durability = AuditConfig.Durability.valueOf(args[++i].toUpperCase());
        case "--dir" -> root = Path.of(args[++i]);
        default -> throw new IllegalArgumentException("unknown option " + args[i]);
      }
    }
    if (root == null) {
      root = Files.createTempDirectory("audit-bench");
    }
    Files.createDirectories(root);
    Path data = Files.createTempDirectory(root, "node");
    AuditConfig config =
        AuditConfig.defaults(data)
            .withStorage(durability, AuditConfig.DEFAULT_SEGMENT_BYTES, Duration.ofSeconds(30));
    Vertx vertx = Vertx.vertx();
    Auditing auditing =
        Auditing.open(vertx, config, Clock.systemUTC(), new SimpleMeterRegistry())
            .toCompletionStage()
            .toCompletableFuture()
            .get(30, TimeUnit.SECONDS);

    // Warm-up, then the measured run.
    run(auditing, 3, inFlight, producers);
    java.lang.management.ThreadMXBean mx = java.lang.management.ManagementFactory.getThreadMXBean();
    long writerId =
        Thread.getAllStackTraces().keySet().stream()
            .filter(t -> t.getName().startsWith("audit-writer-"))
            .findFirst()
            .orElseThrow()
            .getId();
    long writerCpuBefore = mx.getThreadCpuTime(writerId);
    AtomicLong done = run(auditing, seconds, inFlight, producers);
    double writerCpu = (mx.getThreadCpuTime(writerId) - writerCpuBefore) / 1e9;
    double perSecond = done.get() / (double) seconds;
    auditing.close().toCompletionStage().toCompletableFuture().get(60, TimeUnit.SECONDS);
    vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);

    long size;
    try (var files = Files.list(config.dir())) {
      size = files.mapToLong(f -> f.toFile().length()).sum();
    }
    ChainVerifier.Options trust =
        ChainVerifier.Options.trusting(NodeKey.loadOrCreate(config.signingKey()).publicKey());
    ChainVerifier.verify(config.dir(), trust); // warm-up
    long start = System.nanoTime();
    VerifyReport report = ChainVerifier.verify(config.dir(), trust);
    double verifySeconds = (System.nanoTime() - start) / 1e9;
    long cpuStart = mx.getCurrentThreadCpuTime();
    long oneThreadStart = System.nanoTime();
    ChainVerifier.verify(config.dir(), trust, 1);
    double oneThreadSeconds = (System.nanoTime() - oneThreadStart) / 1e9;
    double oneThreadCpu = (mx.getCurrentThreadCpuTime() - cpuStart) / 1e9;

    System.out.printf(
        "durability %s, %d producers, %d in flight: %.0f durable records/s (%d in %d s)%n",
        durability, producers, inFlight, perSecond, done.get(), seconds);
    System.out.printf(
        "writer thread CPU %.2f s: %.0f records per writer CPU second%n",
        writerCpu, done.get() / writerCpu);
    System.out.printf(
        "verify: %d records, %.1f MB, %.2f s: %.0f records/s (all cores), intact=%s%n",
        report.records(),
        size / 1e6,
        verifySeconds,
        report.records() / verifySeconds,
        report.intact());
    System.out.printf(
        "verify on one thread: %.2f s wall, %.2f s CPU: %.0f records/s wall, %.0f records per CPU"
            + " second%n",
        oneThreadSeconds,
        oneThreadCpu,
        report.records() / oneThreadSeconds,
        report.records() / oneThreadCpu);
  }

  private static AtomicLong run(Auditing auditing, int seconds, int inFlight, int producers)
      throws InterruptedException {
    Semaphore permits = new Semaphore(inFlight);
    AtomicLong done = new AtomicLong();
    long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
    Thread[] threads = new Thread[producers];
    for (int p = 0; p < producers; p++) {
      int producer = p;
      threads[p] =
          new Thread(
              () -> {
                long n = 0;
                while (System.nanoTime() < end) {
                  try {
                    permits.acquire();
                  } catch (InterruptedException e) {
                    return;
                  }
                  auditing
                      .trail()
                      .append(event(producer, n++))
                      .onComplete(
                          ar -> {
                            if (ar.succeeded() && System.nanoTime() < end) {
                              done.incrementAndGet();
                            }
                            permits.release();
                          });
                }
              });
      threads[p].start();
    }
    for (Thread t : threads) {
      t.join();
    }
    permits.acquire(inFlight); // drain
    permits.release(inFlight);
    return done;
  }

  private static AuditEvent event(int producer, long n) {
    JsonObject message =
        new JsonObject()
            .put("jsonrpc", "2.0")
            .put("id", producer + "-" + n)
            .put("method", "tools/call")
            .put(
                "params",
                new JsonObject()
                    .put("name", "search_notes")
                    .put(
                        "arguments",
                        new JsonObject()
                            .put("query", "quarterly report for the finance team, draft " + n)
                            .put("limit", 20)));
    return AuditEvent.of("agent.request")
        .with("principal", "key-owner:bench")
        .with("keyId", "bench")
        .with("session", "3f1c2a9e-5b7d-4e21-9c55-0a1b2c3d4e5f")
        .with("upstream", "notes")
        .with("method", "tools/call")
        .with("tool", "search_notes")
        .with("id", producer + "-" + n)
        .with("verdict", "allow")
        .with(
            "decisions",
            List.of(
                Map.of("stage", "session", "outcome", "continue", "nanos", 1200),
                Map.of("stage", "authentication", "outcome", "continue", "nanos", 800),
                Map.of("stage", "authorization", "outcome", "continue", "nanos", 900)))
        .payload(message, List.of());
  }
}
