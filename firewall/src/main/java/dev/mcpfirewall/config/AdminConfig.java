package dev.mcpfirewall.config;

/**
 * The admin plane: its own listener, separate from the agent-facing one, carrying the admin REST
 * API ({@code /admin/api/}), metrics and health. Every route on it is authenticated except the bare
 * liveness probe.
 *
 * @param listen where it listens; loopback port 9090 by default
 */
public record AdminConfig(ListenConfig listen) {
  public static final int DEFAULT_PORT = 9090;

  public static AdminConfig defaults() {
    return new AdminConfig(
        new ListenConfig(
            ListenConfig.DEFAULT_HOST, DEFAULT_PORT, java.util.List.of(), java.util.List.of()));
  }
}
