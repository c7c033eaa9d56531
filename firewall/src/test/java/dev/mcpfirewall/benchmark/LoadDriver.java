package dev.mcpfirewall.benchmark;

import io.vertx.core.AsyncResult;
import io.vertx.core.Context;
import java.util.ArrayDeque;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Supplier;
import org.HdrHistogram.Histogram;

/**
 * Drives {@code tools/call} load over a fixed set of {@link AgentConnection}s, all owned by one
 * event loop, in one of two ways:
 *
 * <ul>
 *   <li><b>closed loop</b>: every connection sends its next call as soon as the previous one is
 *       answered, so the number in flight equals the number of connections and the rate is whatever
 *       the path sustains (maximum throughput);
 *   <li><b>open loop</b>: a pacer thread schedules calls at a fixed rate, independent of answers; a
 *       call waits for a free connection if none is idle, and its latency is counted from its
 *       <em>scheduled</em> send time, so that a stall delays (and is charged to) every call
 *       scheduled during it rather than silently lowering the rate (no coordinated omission).
 * </ul>
 *
 * <p>Measurements are taken between {@link #beginWindow} and {@link #endWindow}, which lets the
 * caller run a warm-up first on the same load. The methods block the calling (main) thread; all
 * state is touched on the event loop only.
 */
final class LoadDriver {
  private static final long MAX_LATENCY_NANOS = TimeUnit.SECONDS.toNanos(60);

  /** What one measurement window saw. Latencies are in nanoseconds. */
  record Window(
      long requests,
      long errors,
      String firstError,
      long nanos,
      Histogram responseTime,
      Histogram serviceTime) {
    double perSecond() {
      return requests * 1e9 / nanos;
    }
  }

  private final Context loop;
  private final List<AgentConnection> agents;
  private final Histogram responseTime = new Histogram(MAX_LATENCY_NANOS, 3);
  private final Histogram serviceTime = new Histogram(MAX_LATENCY_NANOS, 3);
  private final ArrayDeque<AgentConnection> idle = new ArrayDeque<>();
  private final ArrayDeque<Long> waiting = new ArrayDeque<>();
  private boolean running;
  private boolean recording;
  private int inFlight;
  private long completed;
  private long failed;
  private String firstError;
  private long windowStart;
  private long completedAtStart;
  private long failedAtStart;
  private volatile boolean pacing;
  private Thread pacer;

  LoadDriver(Context loop, List<AgentConnection> agents) {
    this.loop = loop;
    this.agents = List.copyOf(agents);
  }

  /** Starts closed-loop load: one call in flight per connection, back to back. */
  void startClosedLoop() {
    onLoop(
        () -> {
          running = true;
          agents.forEach(this::closedLoop);
          return null;
        });
  }

  /** Starts open-loop load at {@code ratePerSecond} calls per second. */
  void startOpenLoop(int ratePerSecond) {
    onLoop(
        () -> {
          running = true;
          idle.clear();
          idle.addAll(agents);
          return null;
        });
    double period = 1e9 / ratePerSecond;
    pacing = true;
    pacer =
        new Thread(
            () -> {
              long origin = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(1);
              for (long i = 0; pacing; i++) {
                long scheduled = origin + (long) (i * period);
                long wait;
                while ((wait = scheduled - System.nanoTime()) > 0) {
                  LockSupport.parkNanos(wait);
                }
                loop.runOnContext(v -> dispatch(scheduled));
              }
            },
            "load-pacer");
    pacer.setDaemon(true);
    pacer.start();
  }

  /** Starts counting: what completes from now on is measured. */
  void beginWindow() {
    onLoop(
        () -> {
          responseTime.reset();
          serviceTime.reset();
          completedAtStart = completed;
          failedAtStart = failed;
          firstError = null;
          recording = true;
          windowStart = System.nanoTime();
          return null;
        });
  }

  /** Stops counting and returns what was measured since {@link #beginWindow}. */
  Window endWindow() {
    return onLoop(
        () -> {
          recording = false;
          return new Window(
              completed - completedAtStart,
              failed - failedAtStart,
              firstError,
              System.nanoTime() - windowStart,
              responseTime.copy(),
              serviceTime.copy());
        });
  }

  /** Stops the load and waits until every call in flight or waiting has been answered. */
  void stop() throws InterruptedException {
    pacing = false;
    if (pacer != null) {
      pacer.join();
      pacer = null;
    }
    onLoop(
        () -> {
          running = false;
          return null;
        });
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
    while (onLoop(() -> inFlight + waiting.size()) > 0) {
      if (System.nanoTime() > deadline) {
        throw new IllegalStateException("calls still unanswered 30 s after the load stopped");
      }
      Thread.sleep(10);
    }
  }

  private void closedLoop(AgentConnection agent) {
    if (!running) {
      return;
    }
    inFlight++;
    long sent = System.nanoTime();
    agent
        .call()
        .onComplete(
            ar -> {
              inFlight--;
              done(sent, sent, ar);
              closedLoop(agent);
            });
  }

  private void dispatch(long scheduled) {
    if (!running) {
      return;
    }
    AgentConnection agent = idle.poll();
    if (agent == null) {
      waiting.add(scheduled);
    } else {
      openLoop(agent, scheduled);
    }
  }

  private void openLoop(AgentConnection agent, long scheduled) {
    inFlight++;
    long sent = System.nanoTime();
    agent
        .call()
        .onComplete(
            ar -> {
              inFlight--;
              done(scheduled, sent, ar);
              Long next = waiting.poll();
              if (next != null) {
                openLoop(agent, next);
              } else {
                idle.add(agent);
              }
            });
  }

  private void done(long scheduled, long sent, AsyncResult<Void> ar) {
    if (ar.failed()) {
      failed++;
      if (firstError == null) {
        firstError = String.valueOf(ar.cause().getMessage());
      }
      return;
    }
    completed++;
    if (recording) {
      long now = System.nanoTime();
      responseTime.recordValue(Math.min(now - scheduled, MAX_LATENCY_NANOS));
      serviceTime.recordValue(Math.min(now - sent, MAX_LATENCY_NANOS));
    }
  }

  private <T> T onLoop(Supplier<T> action) {
    CompletableFuture<T> result = new CompletableFuture<>();
    loop.runOnContext(
        v -> {
          try {
            result.complete(action.get());
          } catch (RuntimeException e) {
            result.completeExceptionally(e);
          }
        });
    try {
      return result.get(30, TimeUnit.SECONDS);
    } catch (Exception e) {
      throw new IllegalStateException("the load generator's event loop did not answer", e);
    }
  }
}
