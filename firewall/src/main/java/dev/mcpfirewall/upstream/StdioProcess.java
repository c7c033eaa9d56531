package dev.mcpfirewall.upstream;

import dev.mcpfirewall.config.UpstreamConfig.StdioCommand;
import io.vertx.core.buffer.Buffer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.BiConsumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One running stdio server process and the three daemon threads that do its blocking I/O, so that
 * no event loop ever touches a pipe: one reads stdout lines, one reads stderr lines into the log,
 * one writes queued lines to stdin in order.
 */
final class StdioProcess {
  private static final Logger log = LoggerFactory.getLogger(StdioUpstream.class);
  static final int MAX_STDERR_LINE = 8 * 1024;
  static final Duration STOP_GRACE = Duration.ofSeconds(2);

  /** How long stdout may stay open after the process exited (a child inherited it). */
  private static final long STDOUT_DRAIN_MILLIS = 1000;

  /** How a process ended. */
  record Exit(int code, Duration uptime) {}

  private record Write(byte[] line, CompletableFuture<Void> done) {}

  private static final Write CLOSE_STDIN = new Write(null, null);

  private final String upstream;
  private final Process process;
  private final int maxLineBytes;
  private final BiConsumer<StdioProcess, Buffer> stdoutLines;
  private final Logger stderrLog;
  private final long startedNanos = System.nanoTime();
  private final LinkedBlockingQueue<Write> writes = new LinkedBlockingQueue<>();
  private final CompletableFuture<Void> stdoutDone = new CompletableFuture<>();
  private final CompletableFuture<Exit> exit;
  private boolean writable = true; // guarded by this
  private CompletableFuture<Void> stopped; // guarded by this
  private volatile String killReason;

  private StdioProcess(
      String upstream,
      Process process,
      int maxLineBytes,
      BiConsumer<StdioProcess, Buffer> stdoutLines) {
    this.upstream = upstream;
    this.process = process;
    this.maxLineBytes = maxLineBytes;
    this.stdoutLines = stdoutLines;
    this.stderrLog = LoggerFactory.getLogger("dev.mcpfirewall.upstream.stdio." + upstream);
    // Report the exit once stdout is drained, so responses written just before a crash still
    // reach their requests before the pending ones are failed.
    this.exit =
        process
            .onExit()
            .thenCompose(
                p -> {
                  long uptime = System.nanoTime() - startedNanos;
                  return stdoutDone
                      .completeOnTimeout(null, STDOUT_DRAIN_MILLIS, TimeUnit.MILLISECONDS)
                      .thenApply(v -> new Exit(p.exitValue(), Duration.ofNanos(uptime)));
                });
    // Ends the writer thread of a process that died on its own.
    process.onExit().thenRun(this::closeStdin);
  }

  /**
   * Starts the process (blocking: fork and exec; call from a worker). Its environment is the
   * firewall's plus {@code command.env()}; nothing of the agent's is passed. Call {@link
   * #startIo()} once the owner is ready for its lines.
   *
   * @param stdoutLines receives each stdout line that fits in {@code maxLineBytes}, on the reader
   *     thread
   */
  static StdioProcess start(
      String upstream,
      StdioCommand command,
      int maxLineBytes,
      BiConsumer<StdioProcess, Buffer> stdoutLines)
      throws IOException {
    ProcessBuilder builder = new ProcessBuilder(command.command());
    builder.environment().putAll(command.env());
    command.workingDir().ifPresent(dir -> builder.directory(dir.toFile()));
    return new StdioProcess(upstream, builder.start(), maxLineBytes, stdoutLines);
  }

  /** Starts the reader and writer threads. */
  void startIo() {
    String prefix = "mcp-stdio-" + upstream + "-" + process.pid();
    daemon(prefix + "-stdout", this::readStdout);
    daemon(prefix + "-stderr", this::readStderr);
    daemon(prefix + "-stdin", this::writeStdin);
  }

  long pid() {
    return process.pid();
  }

  ProcessHandle handle() {
    return process.toHandle();
  }

  /** Completes when the process has exited and its stdout is drained. */
  CompletableFuture<Exit> exit() {
    return exit;
  }

  /** Why the firewall killed the process, or null when it ended on its own. */
  String killReason() {
    return killReason;
  }

  /**
   * Queues one line for stdin; completes once it is written and flushed, or fails when stdin is
   * closed or broken.
   */
  synchronized CompletableFuture<Void> write(Buffer line) {
    if (!writable) {
      return CompletableFuture.failedFuture(new IOException("stdin is closed"));
    }
    CompletableFuture<Void> done = new CompletableFuture<>();
    writes.add(new Write(line.getBytes(), done));
    return done;
  }

  /**
   * Ends the process: closes stdin (after the queued lines), waits {@link #STOP_GRACE} for it to
   * exit, then asks it (and its children) to terminate, then kills them. Never blocks; completes
   * when the process is gone. Idempotent.
   */
  synchronized CompletableFuture<Void> stop() {
    if (stopped == null) {
      closeStdin();
      stopped =
          awaitExit()
              .thenCompose(
                  gone -> {
                    if (gone) {
                      return CompletableFuture.completedFuture(true);
                    }
                    log.info(
                        "upstream '{}' process (pid {}) still running {} ms after stdin closed;"
                            + " terminating it",
                        upstream,
                        process.pid(),
                        STOP_GRACE.toMillis());
                    destroyTree(false);
                    return awaitExit();
                  })
              .thenCompose(
                  gone -> {
                    if (!gone) {
                      log.warn(
                          "upstream '{}' process (pid {}) ignored SIGTERM; killing it",
                          upstream,
                          process.pid());
                      destroyTree(true);
                    }
                    return process.onExit().thenApply(p -> null);
                  });
    }
    return stopped;
  }

  /** Kills the process at once (it misbehaved); {@code reason} becomes its failure message. */
  void kill(String reason) {
    killReason = reason;
    destroyTree(true);
  }

  private synchronized void closeStdin() {
    if (writable) {
      writable = false;
      writes.add(CLOSE_STDIN);
    }
  }

  private CompletableFuture<Boolean> awaitExit() {
    return process
        .onExit()
        .thenApply(p -> true)
        .completeOnTimeout(false, STOP_GRACE.toMillis(), TimeUnit.MILLISECONDS);
  }

  private void destroyTree(boolean forcibly) {
    List<ProcessHandle> children = process.descendants().toList();
    if (forcibly) {
      process.destroyForcibly();
      children.forEach(ProcessHandle::destroyForcibly);
    } else {
      process.destroy();
      children.forEach(ProcessHandle::destroy);
    }
  }

  private void readStdout() {
    try (InputStream in = process.getInputStream()) {
      readLines(
          in,
          maxLineBytes,
          (line, length) -> {
            if (length > line.length) {
              log.warn(
                  "upstream '{}' wrote a {}-byte line to stdout, over the limit of {} bytes;"
                      + " skipped",
                  upstream,
                  length,
                  maxLineBytes);
            } else if (line.length > 0) {
              stdoutLines.accept(this, Buffer.buffer(line));
            }
          });
    } catch (IOException e) {
      log.debug("upstream '{}' stdout closed: {}", upstream, e.getMessage());
    } finally {
      stdoutDone.complete(null);
    }
  }

  private void readStderr() {
    try (InputStream in = process.getErrorStream()) {
      readLines(
          in,
          MAX_STDERR_LINE,
          (line, length) -> {
            if (length == 0) {
              return;
            }
            String text = printable(new String(line, StandardCharsets.UTF_8));
            if (length > line.length) {
              text += "... (" + (length - line.length) + " more bytes)";
            }
            if (looksLikeTrouble(text)) {
              stderrLog.warn("[{}] {}", upstream, text);
            } else {
              stderrLog.info("[{}] {}", upstream, text);
            }
          });
    } catch (IOException e) {
      log.debug("upstream '{}' stderr closed: {}", upstream, e.getMessage());
    }
  }

  private void writeStdin() {
    Write current = null;
    try (OutputStream out = process.getOutputStream()) {
      while (true) {
        current = writes.take();
        if (current == CLOSE_STDIN) {
          return;
        }
        out.write(current.line());
        out.write('\n');
        out.flush();
        current.done().complete(null);
        current = null;
      }
    } catch (IOException e) {
      log.debug("upstream '{}' stdin broke: {}", upstream, e.getMessage());
      if (current != null) {
        current.done().completeExceptionally(e);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } finally {
      synchronized (this) {
        writable = false;
      }
      IOException closed = new IOException("stdin is closed");
      for (Write w; (w = writes.poll()) != null; ) {
        if (w != CLOSE_STDIN) {
          w.done().completeExceptionally(closed);
        }
      }
    }
  }

  private void daemon(String name, Runnable body) {
    Thread thread = new Thread(body, name);
    thread.setDaemon(true);
    thread.start();
  }

  /** Receives one line: its first bytes (up to the limit) and its full length. */
  interface LineSink {
    void line(byte[] kept, long length);
  }

  /**
   * Splits a stream into lines ending in {@code \n} (a trailing {@code \r} is dropped), keeping at
   * most {@code maxLine} bytes of each so that a process cannot make the firewall buffer without
   * bound.
   */
  static void readLines(InputStream in, int maxLine, LineSink sink) throws IOException {
    byte[] chunk = new byte[8192];
    byte[] line = new byte[Math.min(maxLine, 8192)];
    int kept = 0;
    long length = 0;
    for (int n; (n = in.read(chunk)) != -1; ) {
      int start = 0;
      for (int i = 0; i <= n; i++) {
        boolean end = i < n && chunk[i] == '\n';
        if (!end && i < n) {
          continue;
        }
        int count = i - start;
        int room = Math.min(count, maxLine - kept);
        if (room > 0) {
          if (kept + room > line.length) {
            line = Arrays.copyOf(line, Math.min(maxLine, Math.max(line.length * 2, kept + room)));
          }
          System.arraycopy(chunk, start, line, kept, room);
          kept += room;
        }
        length += count;
        start = i + 1;
        if (end) {
          deliver(sink, line, kept, length);
          kept = 0;
          length = 0;
        }
      }
    }
    if (length > 0) {
      deliver(sink, line, kept, length);
    }
  }

  private static void deliver(LineSink sink, byte[] line, int kept, long length) {
    if (length == kept && kept > 0 && line[kept - 1] == '\r') {
      kept--;
      length--;
    }
    try {
      sink.line(Arrays.copyOf(line, kept), length);
    } catch (RuntimeException e) {
      log.error("failed to handle a line from a stdio upstream", e);
    }
  }

  /** Control characters (ANSI escapes, for example) are not written to the firewall's log. */
  private static String printable(String text) {
    StringBuilder out = null;
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (Character.isISOControl(c) && c != '\t') {
        if (out == null) {
          out = new StringBuilder(text.length()).append(text, 0, i);
        }
        out.append('?');
      } else if (out != null) {
        out.append(c);
      }
    }
    return out == null ? text : out.toString();
  }

  private static boolean looksLikeTrouble(String line) {
    String lower = line.toLowerCase(java.util.Locale.ROOT);
    return lower.contains("error")
        || lower.contains("exception")
        || lower.contains("fatal")
        || lower.contains("panic")
        || lower.contains("warn");
  }
}
