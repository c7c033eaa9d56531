package dev.mcpfirewall.interop;

import dev.mcpfirewall.config.UpstreamConfig;
import dev.mcpfirewall.testpeers.EverythingServer;
import dev.mcpfirewall.testpeers.FirewallUnderTest;

/**
 * The contract with server-everything as a stdio upstream: the firewall starts one server process
 * per agent session and relays its messages over Streamable HTTP.
 */
class EverythingOverStdioTest extends EverythingThroughFirewallContract {

  @Override
  UpstreamConfig startUpstream() {
    return FirewallUnderTest.stdio("everything", EverythingServer.stdioCommand());
  }

  @Override
  void stopUpstream() {
    // The firewall stops the processes it started.
  }
}
