package dev.mcpfirewall.benchmark;

import dev.mcpfirewall.config.ConfigLoader;
import dev.mcpfirewall.config.FirewallConfig;
import dev.mcpfirewall.server.FirewallNode;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/**
 * A firewall node in a process of its own, for the load benchmark: reads a YAML configuration the
 * way {@code mcp-firewall serve --config FILE} does, starts a {@link FirewallNode} with one
 * listener per event loop, prints {@code READY <port>} and runs until its standard input closes
 * (the benchmark ends it that way, or by destroying the process).
 *
 * <pre>
 * java -cp TEST_CLASSPATH dev.mcpfirewall.benchmark.FirewallProcess --config FILE [--event-loops N]
 * </pre>
 *
 * <p>Used by {@link LoadBenchmark} when the {@code serve} command is not on the class path.
 */
public final class FirewallProcess {
  private FirewallProcess() {}

  public static void main(String[] args) throws Exception {
    Path config = null;
    int loops = Runtime.getRuntime().availableProcessors();
    for (int i = 0; i < args.length; i++) {
      switch (args[i]) {
        case "--config" -> config = Path.of(args[++i]);
        case "--event-loops" -> loops = Integer.parseInt(args[++i]);
        default -> throw new IllegalArgumentException("unknown argument " + args[i]);
      }
    }
    if (config == null) {
      throw new IllegalArgumentException("--config FILE is required");
    }
    FirewallConfig loaded = new ConfigLoader(System.getenv()).load(config);
    Vertx vertx = Vertx.vertx(new VertxOptions().setEventLoopPoolSize(loops));
    FirewallNode node =
        FirewallNode.start(vertx, loaded, loops)
            .toCompletionStage()
            .toCompletableFuture()
            .get(60, TimeUnit.SECONDS);
    System.out.println("READY " + node.port());
    System.out.flush();
    // Runs until the parent closes our standard input (or the process is destroyed).
    while (System.in.read() >= 0) {
      // Input is ignored.
    }
    node.stop()
        .eventually(vertx::close)
        .toCompletionStage()
        .toCompletableFuture()
        .get(10, TimeUnit.SECONDS);
    System.exit(0);
  }
}
