package dev.mcpfirewall.benchmark;

import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/** The load benchmark's settings, from its command line; {@code --help} lists them. */
record LoadOptions(
    int connections,
    Duration warmup,
    Duration phaseWarmup,
    Duration duration,
    int rounds,
    int rate,
    int firewallEventLoops,
    int upstreamEventLoops,
    List<String> firewallJvmArgs,
    Map<String, String> firewallHeaders,
    Optional<Path> firewallConfigAppend,
    String launcher,
    Duration quietWait,
    Path output) {

  static final int DEFAULT_CONNECTIONS = 32;
  static final int DEFAULT_WARMUP_SECONDS = 10;
  static final int DEFAULT_PHASE_WARMUP_SECONDS = 2;
  static final int DEFAULT_DURATION_SECONDS = 8;
  static final int DEFAULT_ROUNDS = 3;
  static final int DEFAULT_RATE = 2000;
  static final String DEFAULT_FIREWALL_JVM_ARGS = "-Xms512m -Xmx512m -XX:+UseParallelGC";
  static final int DEFAULT_QUIET_WAIT_SECONDS = 120;

  static LoadOptions parse(String[] args) {
    int connections = DEFAULT_CONNECTIONS;
    int warmup = DEFAULT_WARMUP_SECONDS;
    int phaseWarmup = DEFAULT_PHASE_WARMUP_SECONDS;
    int duration = DEFAULT_DURATION_SECONDS;
    int rounds = DEFAULT_ROUNDS;
    int rate = DEFAULT_RATE;
    int firewallLoops = Runtime.getRuntime().availableProcessors();
    int upstreamLoops = 1;
    String jvmArgs = DEFAULT_FIREWALL_JVM_ARGS;
    String launcher = "auto";
    int quietWait = DEFAULT_QUIET_WAIT_SECONDS;
    Path output = null;
    Map<String, String> headers = new LinkedHashMap<>();
    Path configAppend = null;
    for (int i = 0; i < args.length; i++) {
      String arg = args[i];
      switch (arg) {
        case "--connections" -> connections = Integer.parseInt(args[++i]);
        case "--warmup" -> warmup = Integer.parseInt(args[++i]);
        case "--phase-warmup" -> phaseWarmup = Integer.parseInt(args[++i]);
        case "--duration" -> duration = Integer.parseInt(args[++i]);
        case "--rounds" -> rounds = Integer.parseInt(args[++i]);
        case "--rate" -> rate = Integer.parseInt(args[++i]);
        case "--firewall-event-loops" -> firewallLoops = Integer.parseInt(args[++i]);
        case "--upstream-event-loops" -> upstreamLoops = Integer.parseInt(args[++i]);
        case "--firewall-jvm-args" -> jvmArgs = args[++i];
        case "--launcher" -> launcher = args[++i];
        case "--quiet-wait" -> quietWait = Integer.parseInt(args[++i]);
        case "--json" -> output = Path.of(args[++i]);
        case "--firewall-header" -> {
          String header = args[++i];
          int colon = header.indexOf(':');
          if (colon <= 0) {
            throw new IllegalArgumentException("--firewall-header wants 'Name: value'");
          }
          headers.put(header.substring(0, colon).trim(), header.substring(colon + 1).trim());
        }
        case "--firewall-config-append" -> configAppend = Path.of(args[++i]);
        case "--help", "-h" -> {
          System.out.println(usage());
          return null;
        }
        default -> throw new IllegalArgumentException("unknown option " + arg + "\n" + usage());
      }
    }
    if (rounds < 2) {
      throw new IllegalArgumentException(
          "--rounds must be at least 2 (direct and firewall alternate)");
    }
    if (!Set.of("auto", "cli", "embedded", "raw-proxy", "raw-proxy-shared").contains(launcher)) {
      throw new IllegalArgumentException(
          "--launcher must be auto, cli, embedded, raw-proxy or raw-proxy-shared");
    }
    return new LoadOptions(
        connections,
        Duration.ofSeconds(warmup),
        Duration.ofSeconds(phaseWarmup),
        Duration.ofSeconds(duration),
        rounds,
        rate,
        firewallLoops,
        upstreamLoops,
        jvmArgs.isBlank() ? List.of() : List.of(jvmArgs.trim().split("\\s+")),
        Map.copyOf(headers),
        Optional.ofNullable(configAppend),
        launcher,
        Duration.ofSeconds(quietWait),
        output);
  }

  static String usage() {
    return String.join(
        "\n",
        "LoadBenchmark [options]",
        "  --connections N            concurrent connections (one MCP session each, one call in"
            + " flight each); default "
            + DEFAULT_CONNECTIONS,
        "  --warmup S                 initial warm-up per path, seconds; default "
            + DEFAULT_WARMUP_SECONDS,
        "  --phase-warmup S           unmeasured lead-in of every phase; default "
            + DEFAULT_PHASE_WARMUP_SECONDS,
        "  --duration S               measured seconds per phase; default "
            + DEFAULT_DURATION_SECONDS,
        "  --rounds N                 alternations (direct, firewall) of each phase; default "
            + DEFAULT_ROUNDS,
        "  --rate N                   calls per second of the fixed-rate phase; default "
            + DEFAULT_RATE,
        "  --firewall-event-loops N   event loops of the firewall JVM; default: cores",
        "  --upstream-event-loops N   event loops of the fast upstream; default 1",
        "  --firewall-jvm-args \"...\"  JVM options of the firewall; default \""
            + DEFAULT_FIREWALL_JVM_ARGS
            + "\"",
        "  --launcher auto|cli|embedded|raw-proxy|raw-proxy-shared",
        "                             what runs as the \"firewall\": `mcp-firewall serve` (cli),"
            + " FirewallProcess (embedded), or the RawProxy floor (one upstream client per event"
            + " loop, or one shared); auto picks cli when the serve command exists",
        "  --quiet-wait S             time budget, in all, for waiting until other processes"
            + " on the machine go quiet before a phase and for repeating a phase they"
            + " disturbed; default "
            + DEFAULT_QUIET_WAIT_SECONDS,
        "  --firewall-header 'N: v'   a header sent on every request through the firewall (a"
            + " credential, say); repeatable",
        "  --firewall-config-append FILE",
        "                             YAML appended to the generated firewall configuration (an"
            + " auth section, say)",
        "  --json FILE                where to write the results; default"
            + " firewall/target/load-benchmark/results.json");
  }

  Duration total() {
    Duration phase = phaseWarmup.plus(duration);
    return warmup.multipliedBy(2).plus(phase.multipliedBy(4L * rounds));
  }
}
