package dev.mcpfirewall.cli;

import dev.mcpfirewall.config.ConfigLoader;
import dev.mcpfirewall.config.FirewallConfig;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code mcp-firewall serve --config FILE}: runs a node until it is stopped. */
@Command(
    name = "serve",
    mixinStandardHelpOptions = true,
    description = "Run the firewall with a configuration file until stopped (SIGINT or SIGTERM).")
final class ServeCommand implements Callable<Integer> {

  @Option(
      names = {"-c", "--config"},
      required = true,
      paramLabel = "FILE",
      description = "The YAML configuration file (validated against config/schema/).")
  Path config;

  @Option(
      names = "--event-loops",
      paramLabel = "N",
      description = "Listener instances, one per event loop (default: number of cores).")
  Integer eventLoops;

  @Override
  public Integer call() throws Exception {
    FirewallConfig loaded = new ConfigLoader(System.getenv()).load(config);
    return RunningNode.runUntilStopped(loaded, eventLoops, node -> {});
  }
}
