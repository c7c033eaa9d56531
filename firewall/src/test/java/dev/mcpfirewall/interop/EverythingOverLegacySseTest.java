package dev.mcpfirewall.interop;

import dev.mcpfirewall.config.UpstreamConfig;
import dev.mcpfirewall.testpeers.EverythingServer;
import dev.mcpfirewall.testpeers.FirewallUnderTest;

/**
 * The contract with server-everything as a legacy HTTP+SSE (2024-11-05) upstream: the agent still
 * speaks Streamable HTTP to the firewall.
 */
class EverythingOverLegacySseTest extends EverythingThroughFirewallContract {
  private EverythingServer server;

  @Override
  UpstreamConfig startUpstream() throws Exception {
    server = EverythingServer.sse();
    return FirewallUnderTest.sse("everything", server.endpoint());
  }

  @Override
  void stopUpstream() throws Exception {
    if (server != null) {
      server.close();
    }
  }
}
