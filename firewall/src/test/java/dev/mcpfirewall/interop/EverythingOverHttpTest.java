package dev.mcpfirewall.interop;

import dev.mcpfirewall.config.UpstreamConfig;
import dev.mcpfirewall.testpeers.EverythingServer;
import dev.mcpfirewall.testpeers.FirewallUnderTest;

/** The contract with server-everything as a Streamable HTTP upstream. */
class EverythingOverHttpTest extends EverythingThroughFirewallContract {
  private EverythingServer server;

  @Override
  UpstreamConfig startUpstream() throws Exception {
    server = EverythingServer.streamableHttp();
    return FirewallUnderTest.http("everything", server.endpoint());
  }

  @Override
  void stopUpstream() throws Exception {
    if (server != null) {
      server.close();
    }
  }
}
