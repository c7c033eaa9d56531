package dev.mcpfirewall.testpeers;

import io.modelcontextprotocol.client.McpClient;
import io.modelcontextprotocol.client.McpSyncClient;
import io.modelcontextprotocol.client.transport.HttpClientStreamableHttpTransport;
import java.net.URI;
import java.time.Duration;
import java.util.function.UnaryOperator;

/** The official MCP Java SDK as the agent, pointed at an MCP endpoint over Streamable HTTP. */
public final class SdkAgent {
  private SdkAgent() {}

  /** A client of the firewall under test with its agent key, not yet initialized. */
  public static McpSyncClient client(
      FirewallUnderTest firewall, String path, UnaryOperator<McpClient.SyncSpec> customize) {
    return client(firewall.base(), path, firewall.agentKey(), customize);
  }

  /**
   * A client for {@code base + path} presenting {@code key} as its bearer credential, not yet
   * initialized.
   */
  public static McpSyncClient client(
      URI base, String path, String key, UnaryOperator<McpClient.SyncSpec> customize) {
    HttpClientStreamableHttpTransport transport =
        HttpClientStreamableHttpTransport.builder(base.toString())
            .endpoint(path)
            .connectTimeout(Duration.ofSeconds(5))
            .requestBuilder(
                java.net.http.HttpRequest.newBuilder().header("Authorization", "Bearer " + key))
            .build();
    McpClient.SyncSpec spec = McpClient.sync(transport).requestTimeout(Duration.ofSeconds(30));
    return customize.apply(spec).build();
  }
}
