package dev.mcpfirewall.detect.run;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

/**
 * The threads detectors run on: never an event loop. Each call has a deadline; a call past it is
 * answered with a {@link TimeoutException} and its thread interrupted. Bounded queue: when it is
 * full, calls fail at once instead of piling up.
 */
public final class DetectorPool implements AutoCloseable {
  static final int QUEUE = 10_000;

  private final ThreadPoolExecutor executor;
  private final int threads;

  public DetectorPool(int threads) {
    this.threads = Math.max(1, threads);
    AtomicInteger counter = new AtomicInteger();
    this.executor =
        new ThreadPoolExecutor(
            this.threads,
            this.threads,
            60,
            TimeUnit.SECONDS,
            new LinkedBlockingQueue<>(QUEUE),
            r -> {
              Thread t = new Thread(r, "mcp-firewall-detector-" + counter.incrementAndGet());
              t.setDaemon(true);
              return t;
            });
  }

  public int threads() {
    return threads;
  }

  /**
   * Runs {@code work} on a pool thread.
   *
   * @param onThreadReleased runs when the pool thread is done with the call, even long after its
   *     deadline (a call stuck past its deadline still holds its thread)
   */
  public <T> CompletableFuture<T> submit(
      Supplier<T> work, Duration deadline, Runnable onThreadReleased) {
    CompletableFuture<T> answer = new CompletableFuture<>();
    java.util.concurrent.Future<?> task;
    try {
      task =
          executor.submit(
              () -> {
                try {
                  if (!answer.isDone()) {
                    answer.complete(work.get());
                  }
                } catch (Throwable t) {
                  answer.completeExceptionally(t);
                } finally {
                  onThreadReleased.run();
                }
              });
    } catch (RejectedExecutionException e) {
      onThreadReleased.run();
      answer.completeExceptionally(e);
      return answer;
    }
    answer
        .orTimeout(deadline.toNanos(), TimeUnit.NANOSECONDS)
        .whenComplete(
            (r, e) -> {
              if (e instanceof TimeoutException) {
                task.cancel(true);
              }
            });
    return answer;
  }

  /** Runs blocking set-up work (configuring a detector) on a pool thread, without a deadline. */
  public <T> CompletableFuture<T> submit(Supplier<T> work) {
    return CompletableFuture.supplyAsync(work, executor);
  }

  @Override
  public void close() {
    executor.shutdownNow();
  }
}
