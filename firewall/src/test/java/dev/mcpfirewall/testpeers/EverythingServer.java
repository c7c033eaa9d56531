package dev.mcpfirewall.testpeers;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * The official reference server {@code @modelcontextprotocol/server-everything}, run as a real
 * process in its Streamable HTTP or legacy SSE mode on a free loopback port.
 */
public final class EverythingServer implements AutoCloseable {
  private final Process process;
  private final int port;
  private final String mode;

  private EverythingServer(Process process, int port, String mode) {
    this.process = process;
    this.port = port;
    this.mode = mode;
  }

  /** Starts {@code node dist/index.js streamableHttp}, waiting until it listens. */
  public static EverythingServer streamableHttp() throws Exception {
    return start("streamableHttp");
  }

  /** Starts the legacy HTTP+SSE mode. */
  public static EverythingServer sse() throws Exception {
    return start("sse");
  }

  /** The command line of the stdio mode, for the firewall to spawn. */
  public static List<String> stdioCommand() {
    return List.of(
        Interop.node(),
        Interop.module("@modelcontextprotocol/server-everything/dist/index.js").toString(),
        "stdio");
  }

  private static EverythingServer start(String mode) throws Exception {
    int port = freePort();
    ProcessBuilder builder =
        new ProcessBuilder(
                Interop.node(),
                "--import",
                loopbackPreload().toUri().toString(),
                Interop.module("@modelcontextprotocol/server-everything/dist/index.js").toString(),
                mode)
            .redirectErrorStream(true);
    builder.environment().put("PORT", Integer.toString(port));
    Process process = builder.start();
    CompletableFuture<Void> listening = new CompletableFuture<>();
    Thread reader =
        new Thread(
            () -> {
              try (BufferedReader out =
                  new BufferedReader(
                      new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
                String line;
                while ((line = out.readLine()) != null) {
                  if (line.contains("listening")
                      || line.contains("Listening")
                      || line.contains("Server is running")) {
                    listening.complete(null);
                  }
                }
              } catch (IOException ignored) {
                // the process ended
              }
              listening.completeExceptionally(
                  new IllegalStateException(
                      "server-everything " + mode + " exited before listening"));
            },
            "server-everything-" + mode);
    reader.setDaemon(true);
    reader.start();
    try {
      listening.get(30, TimeUnit.SECONDS);
    } catch (Exception e) {
      process.destroyForcibly();
      throw e;
    }
    return new EverythingServer(process, port, mode);
  }

  public int port() {
    return port;
  }

  /** The MCP endpoint: {@code /mcp} for Streamable HTTP, {@code /sse} for legacy SSE. */
  public URI endpoint() {
    return URI.create("http://127.0.0.1:" + port + ("sse".equals(mode) ? "/sse" : "/mcp"));
  }

  public Process process() {
    return process;
  }

  /** Kills the server at once, as a crash would. */
  public void kill() {
    process.destroyForcibly();
  }

  /** The Node preload that pins the server's listen() to 127.0.0.1 (see the .mjs file). */
  static java.nio.file.Path loopbackPreload() throws IOException {
    java.nio.file.Path file = java.nio.file.Path.of("target", "interop", "bind-loopback.mjs");
    if (!java.nio.file.Files.exists(file)) {
      java.nio.file.Files.createDirectories(file.getParent());
      try (var in = EverythingServer.class.getResourceAsStream("/interop/bind-loopback.mjs")) {
        java.nio.file.Files.write(file, in.readAllBytes());
      }
    }
    return file.toAbsolutePath();
  }

  @Override
  public void close() throws InterruptedException {
    process.destroy();
    if (!process.waitFor(5, TimeUnit.SECONDS)) {
      process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
    }
  }

  /** A free TCP port on the loopback interface. */
  public static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0, 0, java.net.InetAddress.getLoopbackAddress())) {
      return socket.getLocalPort();
    }
  }
}
