package dev.mcpfirewall.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code mcp-firewall}: the executable's entry point and the parent of every subcommand. */
@Command(
    name = "mcp-firewall",
    mixinStandardHelpOptions = true,
    versionProvider = VersionProvider.class,
    description = "A security firewall between AI agents and MCP tool servers.",
    subcommands = {
      ServeCommand.class,
      DemoCommand.class,
      KeysCommand.class,
      AuditCommand.class,
      CommandLine.HelpCommand.class
    })
public final class FirewallCommand implements Runnable {

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Override
  public void run() {
    spec.commandLine().usage(spec.commandLine().getOut());
  }

  public static void main(String[] args) {
    System.exit(commandLine().execute(args));
  }

  /** The configured command line, for tests to run in-process. */
  public static CommandLine commandLine() {
    return new CommandLine(new FirewallCommand())
        .setExecutionExceptionHandler(new CliErrors())
        .setCaseInsensitiveEnumValuesAllowed(true);
  }
}
