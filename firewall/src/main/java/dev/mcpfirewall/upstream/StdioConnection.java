package dev.mcpfirewall.upstream;

import dev.mcpfirewall.config.UpstreamConfig;
import dev.mcpfirewall.config.UpstreamConfig.StdioCommand;
import dev.mcpfirewall.jsonrpc.JsonRpcCodec;
import dev.mcpfirewall.jsonrpc.JsonRpcException;
import dev.mcpfirewall.jsonrpc.JsonRpcMessage;
import dev.mcpfirewall.pipeline.FailureKind;
import dev.mcpfirewall.pipeline.FirewallFailure;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One agent session's stdio upstream: its own server process, supervised. A process that exits
 * unexpectedly fails the calls it had, is restarted with backoff, and gets the session's handshake
 * ({@code initialize} under a private id, then {@code notifications/initialized}) replayed before
 * any agent message queued meanwhile, so the agent keeps its session.
 *
 * <p>State is guarded by {@code this}; nothing blocking happens while holding it (writes only queue
 * to the process's writer thread). The correlator's own lock is only ever taken inside this one,
 * never the other way round.
 */
final class StdioConnection implements UpstreamConnection {
  private static final Logger log = LoggerFactory.getLogger(StdioUpstream.class);

  /** Ids of replayed initialize requests; the agent never sees their responses. */
  static final String REPLAY_ID_PREFIX = "mcp-firewall-replay-";

  private final Vertx vertx;
  private final String upstream;
  private final StdioCommand command;
  private final Duration requestTimeout;
  private final JsonRpcCodec codec;
  private final int maxLineBytes;
  private final Consumer<StdioConnection> onClosed;
  private final MessageCorrelator correlator;
  private final RestartBackoff backoff;

  // guarded by this
  private StdioProcess process;
  private boolean ready;
  private final ArrayDeque<Outgoing> held = new ArrayDeque<>();
  private JsonRpcMessage initialize;
  private boolean initializeAnswered;
  private JsonRpcMessage initialized;
  private Replay replay;
  private FirewallFailure gaveUp;
  private Future<StdioProcess> launching;
  private long restartTimer = -1;
  private Future<Void> closed;

  /**
   * An agent message accepted but not yet handed to a process.
   *
   * @param stream the answer's stream, for a request; else null
   * @param acceptedNanos when the agent sent it
   */
  private record Outgoing(
      JsonRpcMessage message,
      CompletableFuture<Void> written,
      MessageStream stream,
      long acceptedNanos) {}

  /** A replayed initialize waiting for its private response. */
  private record Replay(
      StdioProcess process, String id, CompletableFuture<JsonRpcMessage> answer) {}

  StdioConnection(
      Vertx vertx,
      UpstreamConfig config,
      JsonRpcCodec codec,
      int maxLineBytes,
      Consumer<StdioConnection> onClosed) {
    this.vertx = vertx;
    this.upstream = config.name();
    this.command = config.stdio().orElseThrow();
    this.requestTimeout = config.timeouts().request();
    this.codec = codec;
    this.maxLineBytes = maxLineBytes;
    this.onClosed = onClosed;
    this.correlator = new MessageCorrelator(vertx, upstream, requestTimeout);
    this.backoff = new RestartBackoff(command.restart());
  }

  /**
   * Starts the first process; fails with UPSTREAM_UNAVAILABLE when it cannot start. A process that
   * started but dies at once is the supervisor's business, like any later crash.
   */
  Future<Void> start() {
    return launch()
        .compose(
            p -> {
              synchronized (this) {
                if (closed != null) {
                  return Future.failedFuture(closedFailure());
                }
              }
              resume(p);
              return Future.succeededFuture();
            });
  }

  @Override
  public Future<UpstreamReply> send(JsonRpcMessage message) {
    Context context = vertx.getOrCreateContext();
    MessageStream stream = message.isRequest() ? correlator.expect(message) : null;
    Outgoing outgoing = new Outgoing(message, new CompletableFuture<>(), stream, System.nanoTime());
    FirewallFailure refused;
    synchronized (this) {
      refused = closed != null ? closedFailure() : gaveUp;
      if (refused == null) {
        remember(message);
        if (ready) {
          forward(process, outgoing);
        } else {
          held.add(outgoing);
        }
      }
    }
    if (refused != null) {
      if (stream != null) {
        stream.cancel();
      }
      return Future.failedFuture(refused);
    }
    if (stream != null) {
      // Anything after this point (a crash, a timeout) arrives on the stream.
      outgoing.written().whenComplete((v, e) -> failOnError(stream, e));
      return Future.succeededFuture(new UpstreamReply.Streamed(stream, true));
    }
    return Future.fromCompletionStage(outgoing.written(), context)
        .map(v -> new UpstreamReply.Accepted());
  }

  /** Stdio has no event ids: {@code lastEventId} is ignored and nothing is replayed. */
  @Override
  public Future<MessageStream> listen(String lastEventId) {
    FirewallFailure refused;
    synchronized (this) {
      refused = closed != null ? closedFailure() : gaveUp;
    }
    return refused != null
        ? Future.failedFuture(refused)
        : Future.succeededFuture(correlator.listen());
  }

  @Override
  public Future<Void> close() {
    StdioProcess current;
    List<Outgoing> dropped;
    Future<StdioProcess> starting;
    Replay r;
    long timer;
    synchronized (this) {
      if (closed != null) {
        return closed;
      }
      current = process;
      process = null;
      ready = false;
      r = replay;
      replay = null;
      dropped = drainHeld();
      starting = launching != null && !launching.isComplete() ? launching : null;
      timer = restartTimer;
      Context context = vertx.getOrCreateContext();
      if (current != null) {
        closed = Future.fromCompletionStage(current.stop(), context);
      } else if (starting != null) {
        closed =
            starting.transform(
                ar ->
                    ar.succeeded()
                        ? Future.fromCompletionStage(ar.result().stop(), context)
                        : Future.succeededFuture());
      } else {
        closed = Future.succeededFuture();
      }
    }
    if (timer >= 0) {
      vertx.cancelTimer(timer);
    }
    FirewallFailure failure = closedFailure();
    if (r != null) {
      r.answer().completeExceptionally(failure);
    }
    correlator.failAll(failure);
    dropped.forEach(o -> o.written().completeExceptionally(failure));
    onClosed.accept(this);
    return closed;
  }

  /** The current process, while one runs (for diagnostics and tests). */
  synchronized Optional<ProcessHandle> processHandle() {
    return Optional.ofNullable(process).map(StdioProcess::handle);
  }

  // ---- process lifecycle ----

  /** Starts a process on a worker and makes it current, unless the session closed meanwhile. */
  private Future<StdioProcess> launch() {
    Future<StdioProcess> future =
        vertx.executeBlocking(
            () -> {
              StdioProcess p = StdioProcess.start(upstream, command, maxLineBytes, this::onLine);
              boolean current;
              synchronized (this) {
                current = closed == null;
                if (current) {
                  process = p;
                  ready = false;
                }
              }
              p.exit().thenAccept(exit -> onExit(p, exit));
              p.startIo();
              if (!current) {
                p.stop(); // the session closed while this process started
              } else {
                log.info(
                    "upstream '{}' started process pid {} ({})",
                    upstream,
                    p.pid(),
                    command.command().get(0));
              }
              return p;
            },
            false);
    synchronized (this) {
      launching = future;
    }
    return future.recover(e -> Future.failedFuture(startFailure(e)));
  }

  /**
   * Brings a freshly started process into service: replays the handshake if the agent already made
   * one, then sends what waited. Does nothing if the process is no longer current.
   */
  private void resume(StdioProcess p) {
    JsonRpcMessage init;
    JsonRpcMessage initDone;
    Replay r;
    synchronized (this) {
      if (process != p) {
        return;
      }
      if (initialize == null || !initializeAnswered) {
        goLive(p, null);
        return;
      }
      init = initialize;
      initDone = initialized;
      r = new Replay(p, REPLAY_ID_PREFIX + UUID.randomUUID(), new CompletableFuture<>());
      replay = r;
    }
    JsonObject request = init.json().copy().put("id", r.id());
    p.write(request.toBuffer());
    long timer =
        vertx.setTimer(
            requestTimeout.toMillis(),
            t ->
                r.answer()
                    .completeExceptionally(
                        new IllegalStateException(
                            "no answer within " + requestTimeout.toMillis() + " ms")));
    r.answer()
        .whenComplete(
            (response, e) -> {
              vertx.cancelTimer(timer);
              if (e == null && response.json().containsKey("result")) {
                log.info(
                    "upstream '{}' process pid {} took the replayed initialize", upstream, p.pid());
                goLive(p, initDone);
                return;
              }
              synchronized (this) {
                if (process != p) {
                  return;
                }
                if (replay == r) {
                  replay = null;
                }
              }
              String why =
                  e != null ? e.getMessage() : "error " + response.json().getValue("error");
              p.kill(
                  "upstream '"
                      + upstream
                      + "' process did not accept the session's initialize after a restart: "
                      + why);
            });
  }

  /** Sends the replayed initialized notification and everything that waited, in order. */
  private synchronized void goLive(StdioProcess p, JsonRpcMessage initDone) {
    if (process != p) {
      return;
    }
    if (initDone != null) {
      p.write(line(initDone));
    }
    while (!held.isEmpty()) {
      Outgoing outgoing = held.poll();
      if (expired(outgoing)) {
        // The agent was already told this request failed: it must not run late.
        outgoing.written().completeExceptionally(timeoutFailure());
      } else {
        forward(p, outgoing);
      }
    }
    ready = true;
  }

  private boolean expired(Outgoing outgoing) {
    return outgoing.stream() != null
        && (outgoing.stream().isCancelled()
            || System.nanoTime() - outgoing.acceptedNanos() >= requestTimeout.toNanos());
  }

  private void onExit(StdioProcess p, StdioProcess.Exit exit) {
    synchronized (this) {
      if (process != p) {
        return;
      }
      process = null;
      ready = false;
    }
    crashed(
        exitFailure(p, exit),
        exit.uptime(),
        "process pid "
            + p.pid()
            + " exited with code "
            + exit.code()
            + " after "
            + exit.uptime().toMillis()
            + " ms");
  }

  /** The process is gone or would not start: fail what it had, then restart or give up. */
  private void crashed(FirewallFailure failure, Duration uptime, String what) {
    List<Outgoing> dropped;
    Replay r;
    Optional<Duration> delay;
    synchronized (this) {
      if (closed != null) {
        return;
      }
      r = replay;
      replay = null;
      dropped = drainHeld();
      delay = backoff.afterCrash(uptime);
      if (delay.isEmpty()) {
        gaveUp =
            unavailable(
                "upstream '"
                    + upstream
                    + "' process keeps crashing; gave up after "
                    + backoff.restartsInARow()
                    + " restarts");
      }
    }
    if (delay.isPresent()) {
      log.warn("upstream '{}' {}; restarting in {} ms", upstream, what, delay.get().toMillis());
    } else {
      log.error("upstream '{}' {}; {}", upstream, what, gaveUp.getMessage());
    }
    if (r != null) {
      r.answer().completeExceptionally(failure);
    }
    correlator.failAll(failure);
    dropped.forEach(o -> o.written().completeExceptionally(failure));
    delay.ifPresent(this::scheduleRestart);
  }

  private void scheduleRestart(Duration delay) {
    long timer = vertx.setTimer(Math.max(1, delay.toMillis()), t -> restart());
    synchronized (this) {
      restartTimer = timer;
    }
  }

  private void restart() {
    synchronized (this) {
      restartTimer = -1;
      if (closed != null) {
        return;
      }
    }
    launch()
        .onSuccess(this::resume)
        .onFailure(
            e ->
                crashed(
                    e instanceof FirewallFailure f ? f : unavailable(e.getMessage()),
                    Duration.ZERO,
                    "process could not start again"));
  }

  // ---- messages ----

  /** One stdout line, on the process's reader thread. */
  private void onLine(StdioProcess p, Buffer line) {
    JsonRpcMessage message;
    try {
      message = codec.parse(line);
    } catch (JsonRpcException e) {
      log.warn(
          "upstream '{}' wrote a line to stdout that is not JSON-RPC ({}); skipped: {}",
          upstream,
          e.getMessage(),
          excerpt(line));
      return;
    }
    Replay answered = null;
    synchronized (this) {
      if (process != p) {
        return; // a child of a dead process still writing
      }
      if (message.isResponse()) {
        if (replay != null && replay.process() == p && replay.id().equals(message.id())) {
          answered = replay;
          replay = null;
        } else if (initialize != null
            && !initializeAnswered
            && message.idKey().equals(initialize.idKey())
            && message.json().containsKey("result")) {
          initializeAnswered = true;
        }
      }
    }
    if (answered != null) {
      answered.answer().complete(message);
    } else {
      correlator.dispatch(message);
    }
  }

  /** Keeps the session's handshake, to replay it into a restarted process. */
  private void remember(JsonRpcMessage message) {
    if (message.isRequest() && "initialize".equals(message.method())) {
      initialize = message;
      initializeAnswered = false;
      initialized = null;
    } else if (message.isNotification() && "notifications/initialized".equals(message.method())) {
      initialized = message;
    }
  }

  private void forward(StdioProcess p, Outgoing outgoing) {
    p.write(line(outgoing.message()))
        .whenComplete(
            (v, e) -> {
              if (e == null) {
                outgoing.written().complete(null);
                return;
              }
              // A broken pipe mostly means the process is exiting: report why, once known.
              p.exit()
                  .copy()
                  .orTimeout(1, TimeUnit.SECONDS)
                  .whenComplete(
                      (exit, notExited) ->
                          outgoing
                              .written()
                              .completeExceptionally(
                                  exit != null
                                      ? exitFailure(p, exit)
                                      : unavailable(
                                          "upstream '"
                                              + upstream
                                              + "' process stopped reading its input: "
                                              + e.getMessage())));
            });
  }

  private List<Outgoing> drainHeld() {
    List<Outgoing> dropped = new ArrayList<>(held);
    held.clear();
    return dropped;
  }

  private void failOnError(MessageStream stream, Throwable e) {
    if (e != null) {
      stream.fail(e instanceof FirewallFailure f ? f : unavailable(e.getMessage()));
    }
  }

  /**
   * The bytes of one stdio line. The agent's original bytes are kept unless they contain line
   * breaks (pretty-printed JSON), which would split the message: then it is re-encoded compactly.
   */
  static Buffer line(JsonRpcMessage message) {
    Buffer raw = message.encoded();
    for (int i = 0; i < raw.length(); i++) {
      byte b = raw.getByte(i);
      if (b == '\n' || b == '\r') {
        return message.json().toBuffer();
      }
    }
    return raw;
  }

  private static String excerpt(Buffer line) {
    String text = line.toString(java.nio.charset.StandardCharsets.UTF_8);
    return text.length() <= 200 ? text : text.substring(0, 200) + "...";
  }

  private FirewallFailure startFailure(Throwable e) {
    if (e instanceof FirewallFailure f) {
      return f;
    }
    Throwable cause = e.getCause() != null ? e.getCause() : e;
    String detail = String.valueOf(cause.getMessage()).replaceFirst("^error=\\d+, ", "");
    return unavailable(
        "upstream '"
            + upstream
            + "' could not start '"
            + command.command().get(0)
            + "': "
            + detail);
  }

  private FirewallFailure exitFailure(StdioProcess p, StdioProcess.Exit exit) {
    return unavailable(
        p.killReason() != null
            ? p.killReason()
            : "upstream '"
                + upstream
                + "' process exited with code "
                + exit.code()
                + " during the call");
  }

  private FirewallFailure timeoutFailure() {
    return new FirewallFailure(
        FailureKind.UPSTREAM_TIMEOUT,
        "upstream '" + upstream + "' did not answer within " + requestTimeout.toMillis() + " ms",
        upstream);
  }

  private FirewallFailure closedFailure() {
    return unavailable("upstream '" + upstream + "' session is closed");
  }

  private FirewallFailure unavailable(String message) {
    return new FirewallFailure(FailureKind.UPSTREAM_UNAVAILABLE, message, upstream);
  }
}
