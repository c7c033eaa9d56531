package dev.mcpfirewall.cli;

import dev.mcpfirewall.config.FirewallConfig;
import dev.mcpfirewall.server.FirewallNode;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/** Starts a node in this process and keeps it running until the JVM is asked to stop. */
final class RunningNode {
  private RunningNode() {}

  static int runUntilStopped(
      FirewallConfig config, Integer eventLoops, Consumer<FirewallNode> onStarted)
      throws Exception {
    int loops = eventLoops != null ? eventLoops : Runtime.getRuntime().availableProcessors();
    Vertx vertx = Vertx.vertx(new VertxOptions().setEventLoopPoolSize(loops));
    FirewallNode node;
    try {
      node =
          FirewallNode.start(vertx, config, loops)
              .toCompletionStage()
              .toCompletableFuture()
              .get(60, TimeUnit.SECONDS);
    } catch (java.util.concurrent.ExecutionException e) {
      vertx.close();
      throw new IllegalStateException(
          "could not start on " + config.listen().host() + ":" + config.listen().port(),
          e.getCause());
    }
    onStarted.accept(node);
    CountDownLatch stopped = new CountDownLatch(1);
    Runtime.getRuntime()
        .addShutdownHook(
            new Thread(
                () -> {
                  try {
                    node.stop()
                        .eventually(vertx::close)
                        .toCompletionStage()
                        .toCompletableFuture()
                        .get(10, TimeUnit.SECONDS);
                  } catch (Exception ignored) {
                    // Shutting down regardless; the JVM is exiting.
                  } finally {
                    stopped.countDown();
                  }
                },
                "mcp-firewall-shutdown"));
    stopped.await();
    return 0;
  }
}
