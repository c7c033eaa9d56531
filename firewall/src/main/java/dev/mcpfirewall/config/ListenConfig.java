package dev.mcpfirewall.config;

import java.util.List;

/**
 * The agent-facing listener.
 *
 * @param host interface to bind; loopback by default so a fresh install is not reachable from the
 *     network
 * @param port TCP port; 0 picks a free one (tests)
 * @param allowedHosts values accepted in the {@code Host} header (DNS-rebinding protection); a
 *     {@code host} entry without a port matches any port. Empty means the loopback names only.
 * @param allowedOrigins values accepted in the {@code Origin} header; requests without an Origin
 *     (non-browser clients) are always accepted. Empty means loopback origins only.
 */
public record ListenConfig(
    String host, int port, List<String> allowedHosts, List<String> allowedOrigins) {

  public static final String DEFAULT_HOST = "127.0.0.1";
  public static final int DEFAULT_PORT = 8080;

  public ListenConfig {
    allowedHosts = List.copyOf(allowedHosts);
    allowedOrigins = List.copyOf(allowedOrigins);
  }
}
