package dev.mcpfirewall.testpeers;

import dev.mcpfirewall.demo.StreamableHttpServer;
import io.modelcontextprotocol.server.McpServer;
import io.modelcontextprotocol.spec.McpSchema.ServerCapabilities;
import java.net.URI;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;

/**
 * A real MCP server, built with the official MCP Java SDK and served over Streamable HTTP on {@code
 * 127.0.0.1}, implementing everything the official conformance suite's server scenarios
 * ({@code @modelcontextprotocol/conformance} 0.1.16) call: the {@code test_*} tools (text, image,
 * audio, embedded resource, mixed content, logging, error, progress, sampling, elicitation and the
 * SEP-1034/SEP-1330 elicitation schemas), the {@code test://} resources and template, the {@code
 * test_*} prompts, completion of {@code test_prompt_with_arguments}, logging, resource
 * subscriptions, and DNS-rebinding protection (Host/Origin must be a loopback name).
 *
 * <p>Every active server scenario passes against it directly (see {@code
 * ConformanceUpstreamDirectTest}); the firewall's interop tests run the same scenarios through the
 * proxy with this class as the upstream.
 *
 * <p>Of the two <em>pending</em> scenarios (not in the suite's default "active" set), {@code
 * json-schema-2020-12} passes, and {@code server-sse-polling} passes with two warnings, which this
 * class cannot remove because of the SDK (2.1.0): the scenario wants the {@code test_reconnection}
 * tool to close its POST SSE stream mid-call and deliver the result on a stream resumed with {@code
 * Last-Event-ID} (SEP-1699), starting with a priming event (an id and empty data) and a {@code
 * retry} field. The SDK's {@code HttpServletStreamableServerTransportProvider} writes neither a
 * priming event nor a {@code retry} field, gives a tool handler no way to close its response
 * stream, and stamps every SSE event with the same id (the session id), so the tool simply answers
 * on the open stream.
 *
 * <pre>{@code
 * try (ConformanceUpstream upstream = ConformanceUpstream.start(0)) {
 *   ConformanceSuite.locate().runActiveSuite(upstream.endpoint());
 * }
 * }</pre>
 *
 * <p>Run by hand: {@code java ... dev.mcpfirewall.testpeers.ConformanceUpstream [port]}, then
 * {@code node .../conformance/dist/index.js server --url http://127.0.0.1:PORT/mcp}.
 */
public final class ConformanceUpstream implements AutoCloseable {

  /** The address the server binds: loopback only. */
  public static final String HOST = "127.0.0.1";

  /** The port {@link #main} uses when none is given. */
  public static final int DEFAULT_MAIN_PORT = 3001;

  private static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(30);

  private final StreamableHttpServer http;

  private ConformanceUpstream(StreamableHttpServer http) {
    this.http = http;
  }

  /**
   * Starts the server on {@code 127.0.0.1}. Blocks until the port is bound.
   *
   * @param port the port, or 0 for any free port
   */
  public static ConformanceUpstream start(int port) {
    return new ConformanceUpstream(
        StreamableHttpServer.start(
            HOST,
            port,
            transport ->
                McpServer.sync(transport)
                    .serverInfo("mcp-firewall-conformance-upstream", "1.0.0")
                    .capabilities(
                        ServerCapabilities.builder()
                            .tools(false)
                            .resources(true, false)
                            .prompts(false)
                            .logging()
                            .completions()
                            .build())
                    .tools(ConformanceTools.all())
                    .resources(ConformanceContent.resources())
                    .resourceTemplates(ConformanceContent.resourceTemplates())
                    .prompts(ConformanceContent.prompts())
                    .completions(ConformanceContent.completions())
                    .requestTimeout(REQUEST_TIMEOUT)
                    .build()));
  }

  /** The bound port. */
  public int port() {
    return http.port();
  }

  /** The MCP endpoint, {@code http://127.0.0.1:PORT/mcp}. */
  public URI endpoint() {
    return http.endpoint();
  }

  /** Stops the server. */
  @Override
  public void close() {
    http.close();
  }

  /**
   * Serves until interrupted (Ctrl-C).
   *
   * @param args optional: the port (default {@value #DEFAULT_MAIN_PORT}; 0 for any free port)
   */
  public static void main(String[] args) throws InterruptedException {
    int port = args.length > 0 ? Integer.parseInt(args[0]) : DEFAULT_MAIN_PORT;
    ConformanceUpstream upstream = start(port);
    CountDownLatch stopped = new CountDownLatch(1);
    Runtime.getRuntime()
        .addShutdownHook(
            new Thread(
                () -> {
                  upstream.close();
                  stopped.countDown();
                },
                "conformance-upstream-shutdown"));
    System.out.println("Conformance upstream listening on " + upstream.endpoint());
    stopped.await();
  }
}
