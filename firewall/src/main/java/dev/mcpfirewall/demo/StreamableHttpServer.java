package dev.mcpfirewall.demo;

import io.modelcontextprotocol.server.McpSyncServer;
import io.modelcontextprotocol.server.transport.DefaultServerTransportSecurityValidator;
import io.modelcontextprotocol.server.transport.HttpServletStreamableServerTransportProvider;
import io.modelcontextprotocol.spec.McpStreamableServerTransportProvider;
import java.net.URI;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Function;
import org.eclipse.jetty.ee10.servlet.ServletContextHandler;
import org.eclipse.jetty.ee10.servlet.ServletHolder;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.util.thread.QueuedThreadPool;

/**
 * An MCP Java SDK server speaking Streamable HTTP at {@code /mcp}, hosted in an embedded Jetty.
 *
 * <p>The SDK's {@link HttpServletStreamableServerTransportProvider} is a servlet; this class mounts
 * it (async-enabled, as its SSE streams require) and protects it against DNS rebinding the way the
 * MCP specification asks of local servers: requests whose {@code Host} or {@code Origin} is not the
 * bind host or a loopback name are rejected with 403 by the SDK's {@link
 * DefaultServerTransportSecurityValidator}.
 *
 * <pre>{@code
 * try (var http = StreamableHttpServer.start("127.0.0.1", 0,
 *     transport -> McpServer.sync(transport).serverInfo("notes", "1.0").build())) {
 *   System.out.println(http.endpoint()); // http://127.0.0.1:41234/mcp
 * }
 * }</pre>
 *
 * <p>Used by the demo upstream and by the test peers; never by the proxy core.
 */
public final class StreamableHttpServer implements AutoCloseable {

  /** The path the MCP endpoint is mounted at. */
  public static final String MCP_PATH = "/mcp";

  private static final List<String> LOOPBACK_NAMES = List.of("localhost", "127.0.0.1", "[::1]");

  private final Server jetty;
  private final McpSyncServer mcpServer;
  private final String host;
  private final int port;

  private StreamableHttpServer(Server jetty, McpSyncServer mcpServer, String host, int port) {
    this.jetty = jetty;
    this.mcpServer = mcpServer;
    this.host = host;
    this.port = port;
  }

  /**
   * Builds the MCP server over a fresh Streamable HTTP transport and starts serving it. Blocks
   * until the port is bound.
   *
   * @param host the address to bind, e.g. {@code 127.0.0.1}
   * @param port the port, or 0 for any free port
   * @param serverFactory builds the SDK server on the given transport, e.g. {@code t ->
   *     McpServer.sync(t)...build()}
   * @throws IllegalStateException if Jetty cannot bind or start; nothing is left running then
   */
  public static StreamableHttpServer start(
      String host,
      int port,
      Function<McpStreamableServerTransportProvider, McpSyncServer> serverFactory) {
    HttpServletStreamableServerTransportProvider transport =
        HttpServletStreamableServerTransportProvider.builder()
            .mcpEndpoint(MCP_PATH)
            .securityValidator(rebindingGuard(host))
            // The SDK's idle-session sweeper runs on a non-daemon Reactor thread that
            // closeGracefully() never disposes (2.1.0), so it would keep the JVM alive after
            // close(). Idle sessions of a demo or test peer are few; they end with the server.
            .sessionSweepInterval(null)
            .build();
    McpSyncServer mcpServer = serverFactory.apply(transport);

    QueuedThreadPool threads = new QueuedThreadPool();
    threads.setName("mcp-http-" + host);
    threads.setDaemon(true);
    Server jetty = new Server(threads);
    ServerConnector connector = new ServerConnector(jetty);
    connector.setHost(host);
    connector.setPort(port);
    jetty.addConnector(connector);

    ServletContextHandler context = new ServletContextHandler();
    context.setContextPath("/");
    ServletHolder holder = new ServletHolder("mcp", transport);
    holder.setAsyncSupported(true);
    context.addServlet(holder, MCP_PATH);
    jetty.setHandler(context);

    try {
      jetty.start();
    } catch (Exception e) {
      mcpServer.close();
      stopQuietly(jetty);
      throw new IllegalStateException(
          "cannot start the MCP HTTP server on " + host + ":" + port + ": " + e.getMessage(), e);
    }
    return new StreamableHttpServer(jetty, mcpServer, host, connector.getLocalPort());
  }

  /** The bound port (the real one when 0 was asked for). */
  public int port() {
    return port;
  }

  /** The MCP endpoint, {@code http://host:port/mcp}. */
  public URI endpoint() {
    String authority = host.contains(":") && !host.startsWith("[") ? "[" + host + "]" : host;
    return URI.create("http://" + authority + ":" + port + MCP_PATH);
  }

  /** The SDK server, e.g. to send list-changed or resource-updated notifications. */
  public McpSyncServer mcpServer() {
    return mcpServer;
  }

  /** Closes the MCP sessions, then stops Jetty. */
  @Override
  public void close() {
    try {
      mcpServer.closeGracefully();
    } finally {
      stopQuietly(jetty);
    }
  }

  private static DefaultServerTransportSecurityValidator rebindingGuard(String host) {
    Set<String> names = new LinkedHashSet<>(LOOPBACK_NAMES);
    names.add(host.contains(":") && !host.startsWith("[") ? "[" + host + "]" : host);
    DefaultServerTransportSecurityValidator.Builder guard =
        DefaultServerTransportSecurityValidator.builder();
    for (String name : names) {
      // "name:*" matches the bare name and the name with any port.
      guard.allowedHost(name + ":*");
      guard.allowedOrigin("http://" + name + ":*");
      guard.allowedOrigin("https://" + name + ":*");
    }
    return guard.build();
  }

  private static void stopQuietly(Server jetty) {
    try {
      jetty.stop();
    } catch (Exception e) {
      // Best effort: a server that failed to start or is already stopping.
    }
  }
}
