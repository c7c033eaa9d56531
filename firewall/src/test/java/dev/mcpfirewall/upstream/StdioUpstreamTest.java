package dev.mcpfirewall.upstream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import dev.mcpfirewall.config.UpstreamConfig;
import dev.mcpfirewall.config.UpstreamConfig.Restart;
import dev.mcpfirewall.config.UpstreamConfig.StdioCommand;
import dev.mcpfirewall.config.UpstreamConfig.Timeouts;
import dev.mcpfirewall.jsonrpc.JsonRpcCodec;
import dev.mcpfirewall.jsonrpc.JsonRpcMessage;
import dev.mcpfirewall.pipeline.FailureKind;
import dev.mcpfirewall.pipeline.FirewallFailure;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.Timeout;
import io.vertx.junit5.VertxExtension;
import io.vertx.junit5.VertxTestContext;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.slf4j.LoggerFactory;

/**
 * The stdio transport against real processes: the MCP reference server ({@code server-everything},
 * from npm) for the protocol, and {@link ScriptedStdioServer} for crashes, garbage and noise.
 * Vert.x runs with a tight blocked-thread limit and every test checks that no event loop was
 * blocked.
 */
@ExtendWith(VertxExtension.class)
@Timeout(value = 60, timeUnit = TimeUnit.SECONDS)
class StdioUpstreamTest {
  private static final Path SERVER_EVERYTHING =
      Path.of(
          "src/test/interop/node_modules/@modelcontextprotocol/server-everything/dist/index.js");
  private static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(20);
  private static final int MAX_LINE_BYTES = 64 * 1024;

  private final JsonRpcCodec codec = new JsonRpcCodec(64);
  private final List<StdioUpstream> upstreams = new ArrayList<>();
  private Vertx vertx;
  private ListAppender<ILoggingEvent> blocked;
  private ListAppender<ILoggingEvent> transportLog;
  private ListAppender<ILoggingEvent> stderrLog;
  private ListAppender<ILoggingEvent> correlatorLog;

  @BeforeEach
  void start() {
    vertx =
        Vertx.vertx(
            new VertxOptions()
                .setBlockedThreadCheckInterval(100)
                .setMaxEventLoopExecuteTime(500)
                .setMaxEventLoopExecuteTimeUnit(TimeUnit.MILLISECONDS));
    blocked = capture("io.vertx.core.impl.BlockedThreadChecker");
    transportLog = capture(StdioUpstream.class.getName());
    stderrLog = capture("dev.mcpfirewall.upstream.stdio.scripted");
    correlatorLog = capture(MessageCorrelator.class.getName());
  }

  @AfterEach
  void stop() throws Exception {
    Future.join(upstreams.stream().map(StdioUpstream::shutdown).toList())
        .toCompletionStage()
        .toCompletableFuture()
        .get(20, TimeUnit.SECONDS);
    vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    for (ListAppender<ILoggingEvent> appender :
        List.of(blocked, transportLog, stderrLog, correlatorLog)) {
      ((Logger) LoggerFactory.getLogger(appender.getName())).detachAppender(appender);
    }
    assertThat(events(blocked)).as("event loop blocked").isEmpty();
  }

  // ---- against the MCP reference server ----

  @Test
  void talksMcpWithTheReferenceServer(VertxTestContext test) {
    StdioUpstream upstream = everything();
    onLoop(
            () ->
                upstream
                    .connect()
                    .compose(
                        connection ->
                            response(connection, initialize(1))
                                .compose(
                                    init -> {
                                      test.verify(
                                          () ->
                                              assertThat(
                                                      init.json()
                                                          .getJsonObject("result")
                                                          .getJsonObject("serverInfo")
                                                          .getString("name"))
                                                  .isEqualTo("mcp-servers/everything"));
                                      return connection.send(initialized());
                                    })
                                .compose(
                                    accepted -> {
                                      test.verify(
                                          () ->
                                              assertThat(accepted)
                                                  .isInstanceOf(UpstreamReply.Accepted.class));
                                      return response(connection, request(2, "tools/list", null));
                                    })
                                .compose(
                                    list -> {
                                      test.verify(
                                          () ->
                                              assertThat(toolNames(list))
                                                  .contains("echo", "get-sum"));
                                      return response(
                                          connection, toolCall(3, "echo", "hello through stdio"));
                                    })
                                .compose(
                                    echo -> {
                                      test.verify(
                                          () ->
                                              assertThat(text(echo))
                                                  .isEqualTo("Echo: hello through stdio"));
                                      ProcessHandle process =
                                          ((StdioConnection) connection)
                                              .processHandle()
                                              .orElseThrow();
                                      return connection.close().map(process);
                                    })))
        .onComplete(
            test.succeeding(
                process ->
                    test.verify(
                        () -> {
                          assertThat(process.isAlive()).isFalse();
                          assertThat(upstream.openSessions()).isZero();
                          test.completeNow();
                        })));
  }

  @Test
  void aRequestYieldsACollapsibleStreamAndTheGetStreamIsAvailable(VertxTestContext test) {
    StdioUpstream upstream = everything();
    onLoop(
            () ->
                upstream
                    .connect()
                    .compose(
                        connection ->
                            connection
                                .send(initialize(1))
                                .compose(
                                    reply -> {
                                      test.verify(
                                          () ->
                                              assertThat(reply)
                                                  .isInstanceOfSatisfying(
                                                      UpstreamReply.Streamed.class,
                                                      s -> assertThat(s.collapsible()).isTrue()));
                                      return collect(((UpstreamReply.Streamed) reply).stream());
                                    })
                                .compose(v -> connection.listen("ignored-event-id"))))
        .onComplete(
            test.succeeding(
                stream ->
                    test.verify(
                        () -> {
                          assertThat(stream).isNotNull();
                          test.completeNow();
                        })));
  }

  // ---- supervision, with the scripted server ----

  @Test
  void aCrashFailsThePendingCallThenTheRestartedProcessGetsTheHandshakeFirst(
      VertxTestContext test) {
    StdioUpstream upstream =
        scripted("scripted", new Restart(Duration.ofMillis(300), Duration.ofSeconds(10), 3));
    long[] firstPid = new long[1];
    onLoop(
            () ->
                upstream
                    .connect()
                    .compose(
                        connection ->
                            response(connection, initialize(1))
                                .compose(
                                    init -> {
                                      firstPid[0] =
                                          init.json().getJsonObject("result").getLong("pid");
                                      return connection.send(initialized());
                                    })
                                .compose(
                                    accepted ->
                                        failure(
                                            response(
                                                connection,
                                                toolCall(
                                                    2, "crash", new JsonObject().put("code", 3)))))
                                .compose(
                                    crash -> {
                                      test.verify(
                                          () -> {
                                            assertThat(crash.kind())
                                                .isEqualTo(FailureKind.UPSTREAM_UNAVAILABLE);
                                            assertThat(crash.getMessage())
                                                .isEqualTo(
                                                    "upstream 'scripted' process exited with code 3"
                                                        + " during the call");
                                            assertThat(crash.upstream()).isEqualTo("scripted");
                                          });
                                      // Sent while the process is down: waits for the restart.
                                      return response(connection, toolCall(3, "echo", "again"));
                                    })))
        .onComplete(
            test.succeeding(
                echo ->
                    test.verify(
                        () -> {
                          JsonObject result = echo.json().getJsonObject("result");
                          assertThat(text(echo)).isEqualTo("Echo: again");
                          assertThat(result.getLong("pid")).isNotEqualTo(firstPid[0]);
                          assertThat(result.getJsonArray("seen"))
                              .containsExactly(
                                  "initialize", "notifications/initialized", "tools/call");
                          // The replay used a private id, not the agent's 1.
                          assertThat(result.getJsonArray("initializeIds"))
                              .singleElement()
                              .asString()
                              .startsWith(StdioConnection.REPLAY_ID_PREFIX);
                          assertThat(messages(transportLog))
                              .anyMatch(m -> m.contains("restarting in 300 ms"));
                          // The replay's response went nowhere near the agent's streams.
                          assertThat(messages(correlatorLog))
                              .noneMatch(m -> m.contains("unknown request id"));
                          test.completeNow();
                        })));
  }

  @Test
  void aRequestThatTimedOutWhileTheProcessWasDownIsNeverSentLate(VertxTestContext test) {
    StdioUpstream upstream =
        scripted(
            "scripted",
            new Restart(Duration.ofSeconds(3), Duration.ofSeconds(10), 3),
            Duration.ofSeconds(2));
    onLoop(
            () ->
                upstream
                    .connect()
                    .compose(
                        connection ->
                            response(connection, initialize(1))
                                .compose(
                                    init -> failure(response(connection, toolCall(2, "crash", ""))))
                                .compose(
                                    crash ->
                                        failure(response(connection, toolCall(3, "echo", "late"))))
                                .compose(
                                    timeout -> {
                                      test.verify(
                                          () -> {
                                            assertThat(timeout.kind())
                                                .isEqualTo(FailureKind.UPSTREAM_TIMEOUT);
                                            assertThat(timeout.getMessage())
                                                .isEqualTo(
                                                    "upstream 'scripted' did not answer within 2000"
                                                        + " ms");
                                          });
                                      // Once the process is back, a new call goes through.
                                      StdioConnection stdio = (StdioConnection) connection;
                                      return eventually(() -> stdio.processHandle().isPresent())
                                          .compose(
                                              v ->
                                                  response(
                                                      connection, toolCall(4, "echo", "on time")));
                                    })))
        .onComplete(
            test.succeeding(
                echo ->
                    test.verify(
                        () -> {
                          assertThat(text(echo)).isEqualTo("Echo: on time");
                          // The restarted process saw one tools/call: the late one was dropped.
                          assertThat(echo.json().getJsonObject("result").getJsonArray("seen"))
                              .containsExactly("initialize", "tools/call");
                          test.completeNow();
                        })));
  }

  @Test
  void aProcessThatKeepsCrashingIsGivenUp(VertxTestContext test) {
    UpstreamConfig config =
        config(
            "loop",
            List.of("sh", "-c", "exit 7"),
            new Restart(Duration.ofMillis(20), Duration.ofMillis(200), 2));
    StdioUpstream upstream = track(new StdioUpstream(vertx, config, codec, MAX_LINE_BYTES));
    List<String> failures = new ArrayList<>();
    onLoop(
            () ->
                upstream
                    .connect()
                    .compose(connection -> untilGivenUp(connection, failures, 100))
                    .compose(
                        connection ->
                            failure(connection.listen(null))
                                .map(
                                    listenFailure -> {
                                      test.verify(
                                          () ->
                                              assertThat(listenFailure.getMessage())
                                                  .contains("gave up"));
                                      return connection;
                                    })
                                .compose(c -> failure(c.send(initialized())))))
        .onComplete(
            test.succeeding(
                notificationFailure ->
                    test.verify(
                        () -> {
                          String gaveUp =
                              "upstream 'loop' process keeps crashing; gave up after 2 restarts";
                          assertThat(failures).last().isEqualTo(gaveUp);
                          assertThat(failures.subList(0, failures.size() - 1))
                              .allMatch(
                                  m ->
                                      m.equals(
                                          "upstream 'loop' process exited with code 7 during the"
                                              + " call"));
                          assertThat(notificationFailure.getMessage()).isEqualTo(gaveUp);
                          assertThat(notificationFailure.kind())
                              .isEqualTo(FailureKind.UPSTREAM_UNAVAILABLE);
                          test.completeNow();
                        })));
  }

  @Test
  void aCommandThatDoesNotExistFailsToConnect(VertxTestContext test) {
    StdioUpstream upstream =
        track(
            new StdioUpstream(
                vertx,
                config("missing", List.of("mcp-firewall-no-such-command"), Restart.defaults()),
                codec,
                MAX_LINE_BYTES));
    onLoop(() -> failure(upstream.connect()))
        .onComplete(
            test.succeeding(
                failure ->
                    test.verify(
                        () -> {
                          assertThat(failure.kind()).isEqualTo(FailureKind.UPSTREAM_UNAVAILABLE);
                          assertThat(failure.getMessage())
                              .isEqualTo(
                                  "upstream 'missing' could not start"
                                      + " 'mcp-firewall-no-such-command': No such file or"
                                      + " directory");
                          assertThat(upstream.openSessions()).isZero();
                          test.completeNow();
                        })));
  }

  @Test
  void garbageAndOverlongLinesOnStdoutAreSkipped(VertxTestContext test) {
    StdioUpstream upstream = scripted("scripted", Restart.defaults());
    onLoop(
            () ->
                upstream
                    .connect()
                    .compose(
                        connection ->
                            response(connection, initialize(1))
                                .compose(
                                    init ->
                                        call(
                                            connection,
                                            toolCall(
                                                2,
                                                "garbage",
                                                new JsonObject().put("big", MAX_LINE_BYTES * 2))))
                                .compose(
                                    garbage -> {
                                      test.verify(
                                          () -> {
                                            // Only the response: the overlong notification was
                                            // dropped.
                                            assertThat(garbage).hasSize(1);
                                            assertThat(text(garbage.get(0))).isEqualTo("Echo: ");
                                          });
                                      return response(
                                          connection, toolCall(3, "echo", "still here"));
                                    })))
        .onComplete(
            test.succeeding(
                echo ->
                    test.verify(
                        () -> {
                          assertThat(text(echo)).isEqualTo("Echo: still here");
                          List<String> logged = messages(transportLog);
                          assertThat(logged)
                              .anyMatch(
                                  m ->
                                      m.startsWith("upstream 'scripted' wrote a line to stdout")
                                          && m.endsWith("skipped: this is not json"));
                          assertThat(logged)
                              .filteredOn(m -> m.contains("that is not JSON-RPC"))
                              .hasSize(3);
                          assertThat(logged)
                              .anyMatch(
                                  m ->
                                      m.contains("over the limit of " + MAX_LINE_BYTES + " bytes"));
                          test.completeNow();
                        })));
  }

  @Test
  void stderrIsLoggedBoundedAndNeverBreaksTheSession(VertxTestContext test) {
    StdioUpstream upstream = scripted("scripted", Restart.defaults());
    onLoop(
            () ->
                upstream
                    .connect()
                    .compose(
                        connection ->
                            response(connection, initialize(1))
                                .compose(
                                    init ->
                                        response(connection, toolCall(2, "stderr", "after noise")))
                                .compose(
                                    noisy ->
                                        response(connection, toolCall(3, "echo", "quiet again"))
                                            .map(
                                                quiet -> {
                                                  test.verify(
                                                      () ->
                                                          assertThat(text(noisy))
                                                              .isEqualTo("Echo: after noise"));
                                                  return quiet;
                                                }))))
        // stderr is read on its own thread: its last line may be logged after the answers.
        .compose(
            quiet ->
                eventually(
                        () ->
                            messages(stderrLog).stream()
                                .anyMatch(m -> m.contains("Error: something")))
                    .map(quiet))
        .onComplete(
            test.succeeding(
                quiet ->
                    test.verify(
                        () -> {
                          assertThat(text(quiet)).isEqualTo("Echo: quiet again");
                          List<ILoggingEvent> lines = events(stderrLog);
                          assertThat(lines)
                              .anyMatch(
                                  e ->
                                      e.getLevel() == Level.INFO
                                          && e.getFormattedMessage()
                                              .equals("[scripted] noise line 19"));
                          assertThat(lines)
                              .anyMatch(
                                  e ->
                                      e.getFormattedMessage()
                                          .equals("[scripted] ?[31mcolored?[0m"));
                          assertThat(lines)
                              .anyMatch(
                                  e ->
                                      e.getLevel() == Level.WARN
                                          && e.getFormattedMessage().contains("Error: something"));
                          ILoggingEvent longest =
                              lines.stream()
                                  .filter(e -> e.getFormattedMessage().contains("yyyy"))
                                  .findFirst()
                                  .orElseThrow();
                          assertThat(longest.getFormattedMessage())
                              .hasSizeLessThan(StdioProcess.MAX_STDERR_LINE + 100)
                              .endsWith(
                                  "... ("
                                      + (100_000 - StdioProcess.MAX_STDERR_LINE)
                                      + " more bytes)");
                          test.completeNow();
                        })));
  }

  @Test
  void prettyPrintedAgentMessagesAreSentAsOneLine(VertxTestContext test) {
    StdioUpstream upstream = scripted("scripted", Restart.defaults());
    JsonRpcMessage pretty =
        codec.parse(
            Buffer.buffer(
                "{\n  \"jsonrpc\": \"2.0\",\n  \"id\": 7,\n  \"method\": \"tools/call\",\n"
                    + "  \"params\": {\"name\": \"echo\", \"arguments\": {\"message\": \"a\\nb\"}}\r\n}"));
    onLoop(
            () ->
                upstream
                    .connect()
                    .compose(
                        connection ->
                            response(connection, initialize(1))
                                .compose(init -> response(connection, pretty))))
        .onComplete(
            test.succeeding(
                echo ->
                    test.verify(
                        () -> {
                          assertThat(echo.id()).isEqualTo(7);
                          assertThat(text(echo)).isEqualTo("Echo: a\nb");
                          test.completeNow();
                        })));
  }

  @Test
  void closeAndShutdownEndEveryProcess(VertxTestContext test) {
    StdioUpstream upstream = scripted("scripted", Restart.defaults());
    List<ProcessHandle> processes = new ArrayList<>();
    onLoop(
            () ->
                Future.all(upstream.connect(), upstream.connect())
                    .compose(
                        both -> {
                          for (int i = 0; i < 2; i++) {
                            StdioConnection connection = both.resultAt(i);
                            processes.add(connection.processHandle().orElseThrow());
                          }
                          StdioConnection first = both.resultAt(0);
                          return first
                              .close()
                              .compose(
                                  v -> {
                                    test.verify(
                                        () -> {
                                          assertThat(processes.get(0).isAlive()).isFalse();
                                          assertThat(processes.get(1).isAlive()).isTrue();
                                          assertThat(upstream.openSessions()).isEqualTo(1);
                                        });
                                    return failure(first.send(initialized()));
                                  })
                              .compose(
                                  closedFailure -> {
                                    test.verify(
                                        () ->
                                            assertThat(closedFailure.getMessage())
                                                .isEqualTo(
                                                    "upstream 'scripted' session is closed"));
                                    return upstream.shutdown();
                                  });
                        }))
        .onComplete(
            test.succeeding(
                v ->
                    test.verify(
                        () -> {
                          assertThat(processes).noneMatch(ProcessHandle::isAlive);
                          assertThat(upstream.openSessions()).isZero();
                          test.completeNow();
                        })));
  }

  @Test
  void aProcessIgnoringStdinCloseIsTerminated(VertxTestContext test) {
    UpstreamConfig config =
        config("stubborn", List.of("sh", "-c", "trap '' HUP; sleep 60"), Restart.defaults());
    StdioUpstream upstream = track(new StdioUpstream(vertx, config, codec, MAX_LINE_BYTES));
    long started = System.nanoTime();
    onLoop(
            () ->
                upstream
                    .connect()
                    .compose(
                        connection -> {
                          ProcessHandle process =
                              ((StdioConnection) connection).processHandle().orElseThrow();
                          return connection.close().map(process);
                        }))
        .onComplete(
            test.succeeding(
                process ->
                    test.verify(
                        () -> {
                          assertThat(process.isAlive()).isFalse();
                          assertThat(Duration.ofNanos(System.nanoTime() - started))
                              .isGreaterThanOrEqualTo(StdioProcess.STOP_GRACE)
                              .isLessThan(Duration.ofSeconds(10));
                          test.completeNow();
                        })));
  }

  // ---- backoff arithmetic ----

  @Test
  void backoffDoublesUpToTheMaximumThenGivesUp() {
    RestartBackoff backoff =
        new RestartBackoff(new Restart(Duration.ofMillis(100), Duration.ofMillis(500), 5));
    List<Long> delays = new ArrayList<>();
    for (int i = 0; i < 5; i++) {
      delays.add(backoff.afterCrash(Duration.ofMillis(10)).orElseThrow().toMillis());
    }
    assertThat(delays).containsExactly(100L, 200L, 400L, 500L, 500L);
    assertThat(backoff.afterCrash(Duration.ofMillis(10))).isEmpty();
    assertThat(backoff.restartsInARow()).isEqualTo(5);
  }

  @Test
  void backoffResetsAfterAProcessStayedUpLongEnough() {
    RestartBackoff backoff =
        new RestartBackoff(new Restart(Duration.ofMillis(100), Duration.ofSeconds(1), 2));
    assertThat(backoff.afterCrash(Duration.ZERO)).contains(Duration.ofMillis(100));
    assertThat(backoff.afterCrash(Duration.ZERO)).contains(Duration.ofMillis(200));
    assertThat(backoff.afterCrash(Duration.ofSeconds(1))).contains(Duration.ofMillis(100));
  }

  // ---- helpers ----

  private StdioUpstream everything() {
    if (!Files.isRegularFile(SERVER_EVERYTHING)) {
      fail(
          SERVER_EVERYTHING + " is missing: run `npm ci --prefix firewall/src/test/interop` first");
    }
    UpstreamConfig config =
        config(
            "everything",
            List.of("node", SERVER_EVERYTHING.toAbsolutePath().toString(), "stdio"),
            Restart.defaults());
    return track(new StdioUpstream(vertx, config, codec, MAX_LINE_BYTES));
  }

  private StdioUpstream scripted(String name, Restart restart) {
    return scripted(name, restart, REQUEST_TIMEOUT);
  }

  private StdioUpstream scripted(String name, Restart restart, Duration requestTimeout) {
    List<String> command =
        List.of(
            Path.of(System.getProperty("java.home"), "bin", "java").toString(),
            "-cp",
            System.getProperty("java.class.path"),
            ScriptedStdioServer.class.getName());
    return track(
        new StdioUpstream(
            vertx, config(name, command, restart, requestTimeout), codec, MAX_LINE_BYTES));
  }

  private StdioUpstream track(StdioUpstream upstream) {
    upstreams.add(upstream);
    return upstream;
  }

  private static UpstreamConfig config(String name, List<String> command, Restart restart) {
    return config(name, command, restart, REQUEST_TIMEOUT);
  }

  private static UpstreamConfig config(
      String name, List<String> command, Restart restart, Duration requestTimeout) {
    return new UpstreamConfig(
        name,
        UpstreamConfig.Transport.STDIO,
        Optional.empty(),
        Map.of(),
        Optional.of(new StdioCommand(command, Map.of(), Optional.empty(), restart)),
        new Timeouts(Timeouts.DEFAULT_CONNECT, requestTimeout));
  }

  /** Runs {@code action} on an event loop, as the firewall's verticles call the transport. */
  private <T> Future<T> onLoop(Supplier<Future<T>> action) {
    Promise<T> promise = Promise.promise();
    vertx.getOrCreateContext().runOnContext(v -> action.get().onComplete(promise));
    return promise.future();
  }

  /** Completes once {@code condition} holds, checking every 20 ms for up to 5 s. */
  private Future<Void> eventually(Supplier<Boolean> condition) {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
    Promise<Void> done = Promise.promise();
    vertx.setPeriodic(
        20,
        id -> {
          if (condition.get()) {
            vertx.cancelTimer(id);
            done.complete();
          } else if (System.nanoTime() > deadline) {
            vertx.cancelTimer(id);
            done.fail("condition not met within 5 s");
          }
        });
    return done.future();
  }

  /** Sends requests until the connection refuses with "gave up", noting each failure. */
  private Future<UpstreamConnection> untilGivenUp(
      UpstreamConnection connection, List<String> failures, int attempts) {
    return failure(response(connection, request(attempts, "ping", null)))
        .compose(
            f -> {
              failures.add(f.getMessage());
              if (f.getMessage().contains("gave up")) {
                return Future.succeededFuture(connection);
              }
              if (attempts == 0) {
                return Future.failedFuture("never gave up: " + failures);
              }
              return vertx.timer(20).compose(v -> untilGivenUp(connection, failures, attempts - 1));
            });
  }

  /** Sends a request and collects everything on its stream, ending with the response. */
  private static Future<List<JsonRpcMessage>> call(
      UpstreamConnection connection, JsonRpcMessage request) {
    return connection
        .send(request)
        .compose(
            reply ->
                reply instanceof UpstreamReply.Streamed streamed
                    ? collect(streamed.stream())
                    : Future.failedFuture("expected a stream, got " + reply));
  }

  private static Future<JsonRpcMessage> response(
      UpstreamConnection connection, JsonRpcMessage request) {
    return call(connection, request).map(messages -> messages.get(messages.size() - 1));
  }

  private static Future<List<JsonRpcMessage>> collect(MessageStream stream) {
    Promise<List<JsonRpcMessage>> done = Promise.promise();
    List<JsonRpcMessage> messages = new ArrayList<>();
    stream
        .handler(event -> messages.add(event.message()))
        .endHandler(v -> done.complete(messages))
        .exceptionHandler(done::fail);
    return done.future();
  }

  /** Succeeds with the FirewallFailure the future failed with; fails if it succeeded. */
  private static Future<FirewallFailure> failure(Future<?> future) {
    return future.transform(
        ar ->
            ar.succeeded()
                ? Future.failedFuture("expected a failure, got " + ar.result())
                : ar.cause() instanceof FirewallFailure f
                    ? Future.succeededFuture(f)
                    : Future.failedFuture(ar.cause()));
  }

  private static JsonRpcMessage request(Object id, String method, JsonObject params) {
    JsonObject json = new JsonObject().put("jsonrpc", "2.0").put("id", id).put("method", method);
    if (params != null) {
      json.put("params", params);
    }
    return JsonRpcMessage.of(json, null);
  }

  private static JsonRpcMessage initialize(Object id) {
    return request(
        id,
        "initialize",
        new JsonObject()
            .put("protocolVersion", "2025-06-18")
            .put("capabilities", new JsonObject())
            .put("clientInfo", new JsonObject().put("name", "stdio-test").put("version", "1")));
  }

  private static JsonRpcMessage initialized() {
    return JsonRpcMessage.of(
        new JsonObject().put("jsonrpc", "2.0").put("method", "notifications/initialized"), null);
  }

  private static JsonRpcMessage toolCall(Object id, String tool, String message) {
    return toolCall(id, tool, new JsonObject().put("message", message));
  }

  private static JsonRpcMessage toolCall(Object id, String tool, JsonObject arguments) {
    return request(
        id, "tools/call", new JsonObject().put("name", tool).put("arguments", arguments));
  }

  private static String text(JsonRpcMessage response) {
    return response
        .json()
        .getJsonObject("result")
        .getJsonArray("content")
        .getJsonObject(0)
        .getString("text");
  }

  private static List<String> toolNames(JsonRpcMessage response) {
    JsonArray tools = response.json().getJsonObject("result").getJsonArray("tools");
    List<String> names = new ArrayList<>();
    for (int i = 0; i < tools.size(); i++) {
      names.add(tools.getJsonObject(i).getString("name"));
    }
    return names;
  }

  private static ListAppender<ILoggingEvent> capture(String loggerName) {
    ListAppender<ILoggingEvent> appender = new ListAppender<>();
    appender.setName(loggerName);
    appender.start();
    ((Logger) LoggerFactory.getLogger(loggerName)).addAppender(appender);
    return appender;
  }

  private static List<ILoggingEvent> events(ListAppender<ILoggingEvent> appender) {
    synchronized (appender) {
      return List.copyOf(appender.list);
    }
  }

  private static List<String> messages(ListAppender<ILoggingEvent> appender) {
    return events(appender).stream().map(ILoggingEvent::getFormattedMessage).toList();
  }
}
