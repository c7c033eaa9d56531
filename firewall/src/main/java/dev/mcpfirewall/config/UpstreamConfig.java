package dev.mcpfirewall.config;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * One MCP server that agents reach through the firewall at {@code /mcp/{name}}.
 *
 * <p>Exactly one of {@code url} (an HTTP upstream) and {@code stdio} (a process the firewall
 * starts) is present.
 *
 * @param name the path segment agents use; letters, digits, {@code -} and {@code _}
 * @param transport how the firewall talks to the upstream
 * @param url the upstream's MCP endpoint (Streamable HTTP) or SSE endpoint (legacy HTTP+SSE)
 * @param headers headers the firewall adds to every upstream HTTP request (its own credentials; the
 *     agent's credentials are never forwarded)
 * @param stdio the command line of a stdio upstream
 * @param timeouts connect and request timeouts
 * @param integrity how calls are held to the tool definitions the upstream advertised
 */
public record UpstreamConfig(
    String name,
    Transport transport,
    Optional<URI> url,
    Map<String, String> headers,
    Optional<StdioCommand> stdio,
    Timeouts timeouts,
    ToolIntegrityConfig integrity) {

  public UpstreamConfig {
    headers = Map.copyOf(headers);
  }

  /** An upstream with the default {@link ToolIntegrityConfig}. */
  public UpstreamConfig(
      String name,
      Transport transport,
      Optional<URI> url,
      Map<String, String> headers,
      Optional<StdioCommand> stdio,
      Timeouts timeouts) {
    this(name, transport, url, headers, stdio, timeouts, ToolIntegrityConfig.defaults());
  }

  /** A copy with {@code replaced} tool integrity settings. */
  public UpstreamConfig withIntegrity(ToolIntegrityConfig replaced) {
    return new UpstreamConfig(name, transport, url, headers, stdio, timeouts, replaced);
  }

  /** How the firewall reaches an upstream. */
  public enum Transport {
    /** MCP Streamable HTTP (2025-03-26 and later). */
    STREAMABLE_HTTP,
    /** The legacy HTTP+SSE transport of 2024-11-05: a GET event stream plus POSTs. */
    SSE,
    /** A child process speaking newline-delimited JSON-RPC on stdin and stdout. */
    STDIO
  }

  /**
   * A stdio server's process.
   *
   * @param command the executable and its arguments
   * @param env environment variables added to the firewall's own (its credentials, for example)
   * @param workingDir the process's working directory, or empty for the firewall's
   * @param restart how a crashed process is restarted
   */
  public record StdioCommand(
      List<String> command, Map<String, String> env, Optional<Path> workingDir, Restart restart) {
    public StdioCommand {
      command = List.copyOf(command);
      env = Map.copyOf(env);
    }
  }

  /**
   * Restart with exponential backoff: the first restart waits {@code initialBackoff}, each
   * following one twice as long up to {@code maxBackoff}; a process that stayed up for {@code
   * maxBackoff} resets the backoff.
   *
   * @param maxRestarts restarts allowed in a row before the upstream session is given up
   */
  public record Restart(Duration initialBackoff, Duration maxBackoff, int maxRestarts) {
    public static final Duration DEFAULT_INITIAL_BACKOFF = Duration.ofMillis(250);
    public static final Duration DEFAULT_MAX_BACKOFF = Duration.ofSeconds(30);
    public static final int DEFAULT_MAX_RESTARTS = 5;

    public static Restart defaults() {
      return new Restart(DEFAULT_INITIAL_BACKOFF, DEFAULT_MAX_BACKOFF, DEFAULT_MAX_RESTARTS);
    }
  }

  /**
   * @param connect longest wait to open a connection to an HTTP upstream or start a process
   * @param request longest silence allowed while waiting for the upstream's answer to a request
   */
  public record Timeouts(Duration connect, Duration request) {
    public static final Duration DEFAULT_CONNECT = Duration.ofSeconds(5);
    public static final Duration DEFAULT_REQUEST = Duration.ofSeconds(60);

    public static Timeouts defaults() {
      return new Timeouts(DEFAULT_CONNECT, DEFAULT_REQUEST);
    }
  }
}
