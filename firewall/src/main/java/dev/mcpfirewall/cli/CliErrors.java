package dev.mcpfirewall.cli;

import dev.mcpfirewall.config.ConfigException;
import picocli.CommandLine;

/**
 * Turns failures into one clear message on stderr and an exit code: 2 for bad configuration or
 * usage, 1 for anything else. Never a stack trace, unless {@code MCP_FIREWALL_DEBUG} is set.
 */
final class CliErrors implements CommandLine.IExecutionExceptionHandler {
  static final int EXIT_FAILURE = 1;
  static final int EXIT_USAGE = 2;

  @Override
  public int handleExecutionException(
      Exception e, CommandLine commandLine, CommandLine.ParseResult parseResult) {
    if (System.getenv("MCP_FIREWALL_DEBUG") != null) {
      e.printStackTrace(commandLine.getErr());
    }
    if (e instanceof ConfigException) {
      commandLine.getErr().println(e.getMessage());
      return EXIT_USAGE;
    }
    commandLine.getErr().println("mcp-firewall: " + describe(e));
    return EXIT_FAILURE;
  }

  static String describe(Throwable e) {
    Throwable root = e;
    while (root.getCause() != null && root.getCause() != root) {
      root = root.getCause();
    }
    String message = e.getMessage() != null ? e.getMessage() : e.getClass().getSimpleName();
    if (root != e && root.getMessage() != null && !message.contains(root.getMessage())) {
      message += ": " + root.getMessage();
    }
    return message;
  }
}
