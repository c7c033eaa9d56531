package dev.mcpfirewall.benchmark;

import com.sun.management.OperatingSystemMXBean;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.http.HttpClientAgent;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.PoolOptions;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;

/**
 * The pass-through load benchmark: the same fast upstream ({@link FastUpstream}), driven directly
 * and through a firewall running in a JVM of its own, alternating in one run. It reports the
 * throughput ratio (closed loop), the latency percentiles and the latency the firewall adds at a
 * fixed moderate rate (open loop, measured from the scheduled send time), and the firewall's CPU
 * time per forwarded request (from its process CPU time). It is a program, not a test: {@code
 * ./mvnw verify} never runs it. See {@code docs/performance.md} for the command and the figures.
 *
 * <p>Everything listens on and connects to 127.0.0.1; the run is bounded in time (about two and a
 * half minutes with the defaults) and stops by itself.
 */
public final class LoadBenchmark {

  /** One phase: a kind of load on one path, in one round. */
  enum Kind {
    THROUGHPUT,
    FIXED_RATE
  }

  /** CPU clocks read together, before and after a measurement window. */
  record CpuSample(
      long firewallNanos,
      long benchmarkNanos,
      long upstreamNanos,
      long firewallSwitches,
      long benchmarkSwitches,
      ForeignLoad.Sample foreign) {}

  /** A measured phase with the CPU time each party spent in it. */
  record PhaseResult(
      int round,
      Kind kind,
      String path,
      LoadDriver.Window window,
      long firewallCpuNanos,
      long benchmarkCpuNanos,
      long upstreamCpuNanos,
      long foreignCpuNanos,
      long firewallSwitches,
      long benchmarkSwitches) {

    /** CPU used by other processes on the machine during the window, in cores. */
    double foreignCores() {
      return foreignCpuNanos / (double) window.nanos();
    }

    double perRequestMicros(long cpuNanos) {
      return window.requests() == 0 ? Double.NaN : cpuNanos / 1000.0 / window.requests();
    }

    /** Context switches (thread wake-ups, mostly) per request. */
    double perRequest(long switches) {
      return window.requests() == 0 ? Double.NaN : (double) switches / window.requests();
    }
  }

  /** Other processes' load below which the machine counts as quiet, in cores. */
  static final double QUIET_CORES = 0.1;

  static final String DIRECT = "direct";
  static final String FIREWALL = "firewall";

  private final LoadOptions options;
  private final Path workDir;
  private final ThreadMXBean threads = ManagementFactory.getThreadMXBean();
  private final OperatingSystemMXBean os =
      (OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
  private final FirewallLauncher launcher;
  private Process firewall;
  private FastUpstream upstream;
  private ForeignLoad foreign;
  private long quietWaitLeftNanos;
  private int repeated;

  private LoadBenchmark(LoadOptions options, Path workDir) {
    this.options = options;
    this.workDir = workDir;
    this.quietWaitLeftNanos = options.quietWait().toNanos();
    this.launcher = new FirewallLauncher(options, workDir);
  }

  public static void main(String[] args) throws Exception {
    LoadOptions options = LoadOptions.parse(args);
    if (options == null) {
      return;
    }
    Path workDir = FirewallLauncher.targetDirectory().resolve("load-benchmark");
    Files.createDirectories(workDir);
    new LoadBenchmark(options, workDir).run();
  }

  private void run() throws Exception {
    System.out.printf(
        "Load benchmark: %d connections, %d rounds of %ds phases (+%ds lead-in), fixed rate %d/s;"
            + " about %ds in all%n",
        options.connections(),
        options.rounds(),
        options.duration().toSeconds(),
        options.phaseWarmup().toSeconds(),
        options.rate(),
        options.total().toSeconds() + 10);
    Vertx upstreamVertx =
        Vertx.vertx(new VertxOptions().setEventLoopPoolSize(options.upstreamEventLoops()));
    // One event loop for the load generator: its state then needs no locking.
    Vertx clientVertx = Vertx.vertx(new VertxOptions().setEventLoopPoolSize(1));
    Thread stopFirewall = new Thread(launcher::stop, "load-benchmark-cleanup");
    Runtime.getRuntime().addShutdownHook(stopFirewall);
    try {
      upstream = await(FastUpstream.start(upstreamVertx, 0, options.upstreamEventLoops()), 30);
      int firewallPort = FirewallLauncher.freePort();
      firewall = launcher.start(firewallPort, upstream.uri());
      HttpClientAgent client =
          clientVertx.createHttpClient(
              new HttpClientOptions().setKeepAlive(true).setTcpNoDelay(true),
              new PoolOptions().setHttp1MaxSize(4));
      launcher.awaitHealthy(client, firewallPort);
      Context loop = clientVertx.getOrCreateContext();
      URI direct = upstream.uri();
      URI viaFirewall = URI.create("http://127.0.0.1:" + firewallPort + "/mcp/bench");
      LoadDriver directDriver = new LoadDriver(loop, openAgents(loop, client, direct, Map.of()));
      LoadDriver firewallDriver =
          new LoadDriver(loop, openAgents(loop, client, viaFirewall, firewallHeaders()));
      System.out.printf(
          "%d sessions open on each path (upstream has %d); firewall pid %d (%s), upstream %s%n",
          options.connections(),
          upstream.sessionCount(),
          firewall.pid(),
          launcher.description(),
          direct);
      foreign = new ForeignLoad(Set.of(ProcessHandle.current().pid(), firewall.pid()));

      System.out.printf("Warm-up: %ds per path%n", options.warmup().toSeconds());
      warmUp(directDriver);
      warmUp(firewallDriver);
      List<PhaseResult> results = new ArrayList<>();
      for (int round = 1; round <= options.rounds(); round++) {
        results.add(phase(round, Kind.THROUGHPUT, DIRECT, directDriver));
        results.add(phase(round, Kind.THROUGHPUT, FIREWALL, firewallDriver));
        results.add(phase(round, Kind.FIXED_RATE, DIRECT, directDriver));
        results.add(phase(round, Kind.FIXED_RATE, FIREWALL, firewallDriver));
      }
      List<String> environment = environment();
      environment.add(
          "phases repeated because other processes disturbed them: "
              + repeated
              + "; quiet-wait budget left: "
              + Math.max(0, TimeUnit.NANOSECONDS.toSeconds(quietWaitLeftNanos))
              + " s of "
              + options.quietWait().toSeconds());
      LoadReport report = new LoadReport(options, results, environment);
      System.out.println();
      System.out.println(report.markdown());
      Path json = options.output() != null ? options.output() : workDir.resolve("results.json");
      Files.writeString(json, report.json().encodePrettily(), StandardCharsets.UTF_8);
      System.out.println("Results written to " + json.toAbsolutePath());
    } finally {
      launcher.stop();
      Runtime.getRuntime().removeShutdownHook(stopFirewall);
      clientVertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
      upstreamVertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    }
  }

  /** The configured headers, and the launcher's API key unless one was given. */
  private Map<String, String> firewallHeaders() {
    Map<String, String> headers = new java.util.LinkedHashMap<>(options.firewallHeaders());
    boolean given =
        headers.keySet().stream().anyMatch(name -> name.equalsIgnoreCase("Authorization"));
    if (launcher.credential() != null && !given) {
      headers.put("Authorization", launcher.credential());
    }
    return headers;
  }

  private List<AgentConnection> openAgents(
      Context loop, HttpClientAgent client, URI endpoint, Map<String, String> headers)
      throws Exception {
    List<Future<AgentConnection>> opening = new ArrayList<>();
    await(
        Future.<Void>future(
            p ->
                loop.runOnContext(
                    v -> {
                      for (int i = 0; i < options.connections(); i++) {
                        opening.add(AgentConnection.open(client, endpoint, headers));
                      }
                      p.complete();
                    })),
        10);
    await(Future.all(opening), 60);
    return opening.stream().map(Future::result).toList();
  }

  private void warmUp(LoadDriver driver) throws InterruptedException {
    awaitQuiet();
    driver.startClosedLoop();
    Thread.sleep(options.warmup().toMillis());
    driver.stop();
  }

  /** Runs a phase, once more (within the quiet-wait budget) if other processes disturbed it. */
  private PhaseResult phase(int round, Kind kind, String path, LoadDriver driver)
      throws InterruptedException {
    while (true) {
      PhaseResult result = measure(round, kind, path, driver);
      if (result.foreignCores() < QUIET_CORES || quietWaitLeftNanos <= 0) {
        return result;
      }
      quietWaitLeftNanos -= options.phaseWarmup().plus(options.duration()).toNanos();
      repeated++;
      System.out.printf(
          "  disturbed by other processes (%.2f cores): repeating%n", result.foreignCores());
    }
  }

  private PhaseResult measure(int round, Kind kind, String path, LoadDriver driver)
      throws InterruptedException {
    awaitQuiet();
    if (kind == Kind.THROUGHPUT) {
      driver.startClosedLoop();
    } else {
      driver.startOpenLoop(options.rate());
    }
    Thread.sleep(options.phaseWarmup().toMillis());
    driver.beginWindow();
    CpuSample before = cpu();
    Thread.sleep(options.duration().toMillis());
    LoadDriver.Window window = driver.endWindow();
    CpuSample after = cpu();
    driver.stop();
    PhaseResult result =
        new PhaseResult(
            round,
            kind,
            path,
            window,
            after.firewallNanos() - before.firewallNanos(),
            after.benchmarkNanos() - before.benchmarkNanos(),
            after.upstreamNanos() - before.upstreamNanos(),
            foreign.cpuNanosBetween(before.foreign(), after.foreign()),
            after.firewallSwitches() - before.firewallSwitches(),
            after.benchmarkSwitches() - before.benchmarkSwitches());
    System.out.println(LoadReport.progressLine(result));
    return result;
  }

  private CpuSample cpu() {
    long firewallNanos =
        firewall.toHandle().info().totalCpuDuration().map(Duration::toNanos).orElse(-1L);
    long upstreamNanos = 0;
    for (Thread t : upstream.threads()) {
      upstreamNanos += Math.max(0, threads.getThreadCpuTime(t.getId()));
    }
    return new CpuSample(
        firewallNanos,
        os.getProcessCpuTime(),
        upstreamNanos,
        ForeignLoad.contextSwitches(firewall.pid()),
        ForeignLoad.contextSwitches(ProcessHandle.current().pid()),
        foreign.sample());
  }

  /**
   * Waits (within the run's budget) until other processes on this shared machine, such as a
   * colleague's build, use less than a tenth of a core, so that they do not distort a phase.
   */
  private void awaitQuiet() throws InterruptedException {
    boolean reported = false;
    while (true) {
      ForeignLoad.Sample start = foreign.sample();
      long t0 = System.nanoTime();
      Thread.sleep(500);
      long elapsed = System.nanoTime() - t0;
      double cores = foreign.cpuNanosBetween(start, foreign.sample()) / (double) elapsed;
      if (cores < QUIET_CORES) {
        return;
      }
      quietWaitLeftNanos -= elapsed;
      if (quietWaitLeftNanos <= 0) {
        if (!reported) {
          System.out.printf(
              "  other processes use %.2f cores; no quiet-wait budget left, measuring anyway%n",
              cores);
        }
        return;
      }
      if (!reported) {
        System.out.printf("  waiting for other processes (%.2f cores) to go quiet...%n", cores);
        reported = true;
      }
    }
  }

  private List<String> environment() {
    List<String> lines = new ArrayList<>();
    lines.add("cores (availableProcessors): " + Runtime.getRuntime().availableProcessors());
    lines.add(
        "java: "
            + System.getProperty("java.vm.name")
            + " "
            + System.getProperty("java.runtime.version"));
    lines.add("firewall: " + launcher.description());
    lines.add(
        "load generator: 1 event loop, "
            + options.connections()
            + " HTTP/1.1 keep-alive connections, one MCP session and one call in flight each");
    lines.add(
        "upstream: FastUpstream, "
            + options.upstreamEventLoops()
            + " event loop(s), in the load generator's JVM");
    return lines;
  }

  private static <T> T await(Future<T> future, int seconds) throws Exception {
    return future.toCompletionStage().toCompletableFuture().get(seconds, TimeUnit.SECONDS);
  }
}
