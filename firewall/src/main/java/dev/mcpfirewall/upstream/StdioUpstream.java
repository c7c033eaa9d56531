package dev.mcpfirewall.upstream;

import dev.mcpfirewall.config.UpstreamConfig;
import dev.mcpfirewall.jsonrpc.JsonRpcCodec;
import dev.mcpfirewall.pipeline.FailureKind;
import dev.mcpfirewall.pipeline.FirewallFailure;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * An upstream that is a local process speaking MCP's stdio transport: newline-delimited JSON-RPC on
 * its stdin and stdout, logs on stderr. The firewall starts the configured command, supervises it
 * and restarts it when it crashes.
 *
 * <p><b>One process per agent session.</b> {@link #connect()} starts a new process for each agent
 * session, and {@link UpstreamConnection#close()} ends it. MCP stdio servers are single-client by
 * design: a process gets one {@code initialize} in its lifetime, negotiates capabilities (roots,
 * sampling, elicitation) with that one client, and keeps per-connection state (subscriptions, log
 * level, session resources). Sharing a process between agents would mean faking {@code initialize}
 * for all but the first and mixing their state and server-initiated requests. The cost is one
 * process per session, which is what a local MCP client does too.
 *
 * <p>What each session gets:
 *
 * <ul>
 *   <li>No event loop touches a pipe: each process has a stdout reader, a stderr reader (lines
 *       logged under {@code dev.mcpfirewall.upstream.stdio.<name>}, bounded and stripped of control
 *       characters) and a single stdin writer, all daemon threads.
 *   <li>A stdout line that is not JSON-RPC, or longer than {@code maxLineBytes}, is logged and
 *       skipped; the session goes on.
 *   <li>A request's answer arrives on a {@link UpstreamReply.Streamed} stream, collapsible (stdio
 *       has no HTTP framing); a {@link MessageCorrelator} sorts responses, progress and server
 *       requests into the right stream. A notification or response is {@link
 *       UpstreamReply.Accepted} once written to stdin.
 *   <li>{@link UpstreamConnection#listen} has no resumability: stdio carries no event ids, so the
 *       last event id is ignored.
 *   <li>Supervision: if the process exits on its own, the calls it had fail with {@link
 *       FailureKind#UPSTREAM_UNAVAILABLE} naming the exit code, and it is restarted per {@link
 *       UpstreamConfig.Restart} (exponential backoff, reset after a long enough run, given up after
 *       too many restarts in a row, after which the session refuses every message). A restarted
 *       process first gets the session's {@code initialize} (under a private id whose response the
 *       agent never sees) and {@code notifications/initialized}; agent messages sent meanwhile wait
 *       for that, within the request timeout.
 *   <li>Environment: the firewall's own plus the configured {@code env}; the agent's credentials
 *       are never passed.
 * </ul>
 *
 * <p>For example, with {@code upstreams: [{name: files, transport: stdio, stdio: {command: [npx,
 * "@modelcontextprotocol/server-filesystem", /data]}}]}:
 *
 * <pre>{@code
 * UpstreamTransport files = new StdioUpstream(vertx, config, codec, 4 * 1024 * 1024);
 * files.connect()                                  // starts one server process
 *     .compose(upstream -> upstream.send(initialize)) // UpstreamReply.Streamed, collapsible
 *     ...
 * }</pre>
 */
public final class StdioUpstream implements UpstreamTransport {
  private final Vertx vertx;
  private final UpstreamConfig config;
  private final JsonRpcCodec codec;
  private final int maxLineBytes;
  private final Set<StdioConnection> connections = ConcurrentHashMap.newKeySet();
  private volatile boolean shutDown;

  /**
   * @param config an upstream with a {@code stdio} command
   * @param maxLineBytes the longest stdout line accepted as a message
   */
  public StdioUpstream(Vertx vertx, UpstreamConfig config, JsonRpcCodec codec, int maxLineBytes) {
    if (config.stdio().isEmpty()) {
      throw new IllegalArgumentException("upstream '" + config.name() + "' has no stdio command");
    }
    this.vertx = vertx;
    this.config = config;
    this.codec = codec;
    this.maxLineBytes = maxLineBytes;
  }

  @Override
  public String name() {
    return config.name();
  }

  /** Starts a new server process for a new agent session. */
  @Override
  public Future<UpstreamConnection> connect() {
    if (shutDown) {
      return Future.failedFuture(
          new FirewallFailure(
              FailureKind.UPSTREAM_UNAVAILABLE,
              "upstream '" + name() + "' is shutting down",
              name()));
    }
    StdioConnection connection =
        new StdioConnection(vertx, config, codec, maxLineBytes, connections::remove);
    connections.add(connection);
    return connection
        .start()
        .<UpstreamConnection>map(connection)
        .onFailure(e -> connections.remove(connection));
  }

  /** Ends every process this transport started; completes when they are all gone. */
  @Override
  public Future<Void> shutdown() {
    shutDown = true;
    List<Future<Void>> closing =
        List.copyOf(connections).stream().map(StdioConnection::close).toList();
    return Future.join(closing).mapEmpty();
  }

  /** Sessions whose process is running or being restarted. */
  int openSessions() {
    return connections.size();
  }
}
