package dev.mcpfirewall.cli;

import picocli.CommandLine;

/** Reads the version from the jar manifest (set by the build). */
final class VersionProvider implements CommandLine.IVersionProvider {
  @Override
  public String[] getVersion() {
    String version = FirewallCommand.class.getPackage().getImplementationVersion();
    return new String[] {
      "mcp-firewall " + (version == null ? "development build" : version),
      "Java " + System.getProperty("java.version") + " (" + System.getProperty("java.vendor") + ")"
    };
  }
}
