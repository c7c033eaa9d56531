package dev.mcpfirewall.audit.store;

import dev.mcpfirewall.audit.AuditEvent;
import dev.mcpfirewall.audit.AuditReceipt;
import io.vertx.core.Context;
import io.vertx.core.Promise;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeMap;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;

/**
 * The hand-off between the threads that append to a {@link ChainWriter} and its writer thread: a
 * bounded queue of appends someone waits on, writer tasks and the stop mark, and beside it a queue
 * of lazily appended records that the writer takes whenever it wakes anyway, so that a record
 * nobody waits on costs no thread wake-up. Producers may call {@link #offer}, {@link #put}, {@link
 * #stop} and {@link #waiting} from any thread; the rest is for the writer thread.
 */
final class WriterQueue {
  /** Marks the end of the appends: the writer finishes once it takes it. */
  static final Object STOP = new Object();

  /** Wakes the writer to write the lazily appended records waiting. */
  static final Object WAKE = new Object();

  /**
   * Lazily appended records waiting beyond this wake the writer; fewer ride with the next batch.
   */
  private static final int LAZY_WAKE = 256;

  /**
   * An append waiting for the writer; {@code members} is being encoded on the encoding pool (or is
   * null, and the writer encodes it).
   */
  record Pending(
      AuditEvent event,
      CompletableFuture<TreeMap<String, Object>> members,
      Promise<AuditReceipt> promise,
      Context context,
      boolean lazy) {}

  /** A unit of work for the writer thread that is not an append (purge, checkpoint, read). */
  record Task<T>(Function<ChainWriter, T> work, Promise<T> promise, Context context) {}

  private final int capacity;
  private final int maxBatch;
  private final BlockingQueue<Object> queue;

  /**
   * Lazily appended records: taken by the writer whenever it wakes anyway (for a record someone
   * waits on, or its lazy-sync timer), so a response costs no thread wake-up.
   */
  private final ConcurrentLinkedQueue<Pending> lazyQueue = new ConcurrentLinkedQueue<>();

  private final AtomicInteger lazyCount = new AtomicInteger();

  WriterQueue(int capacity, int maxBatch) {
    this.capacity = capacity;
    this.maxBatch = maxBatch;
    this.queue = new LinkedBlockingQueue<>(capacity);
  }

  /** How many items wait in the main queue (lazily appended records not counted). */
  int waiting() {
    return queue.size();
  }

  /** Hands an append to the writer; false when the queue is full. */
  boolean offer(Pending pending) {
    if (pending.lazy() && lazyCount.get() < capacity) {
      lazyQueue.add(pending);
      if (lazyCount.incrementAndGet() == LAZY_WAKE) {
        queue.offer(WAKE); // many waiting: have them written now
      }
      return true;
    }
    return queue.offer(pending);
  }

  /** Hands a task to the writer, waiting for room. */
  void put(Task<?> task) throws InterruptedException {
    queue.put(task);
  }

  /** Queues the stop mark behind everything already queued. */
  void stop() {
    while (!queue.offer(STOP)) {
      Thread.onSpinWait();
    }
  }

  /** True while lazily appended records wait. */
  boolean lazyWaiting() {
    return lazyCount.get() > 0;
  }

  /**
   * Waits up to {@code waitMillis} for work and collects the next batch into {@code batch}: what is
   * queued (up to the batch size), the lazily appended records waiting, and what arrives within
   * {@code maxDelay} while the batch is not full. Writer thread.
   *
   * @return false when nothing came (the writer is idle)
   */
  boolean take(List<Object> batch, long waitMillis, Duration maxDelay) throws InterruptedException {
    Object first = queue.poll(waitMillis, TimeUnit.MILLISECONDS);
    drainLazy(batch);
    if (first == null && batch.isEmpty()) {
      return false;
    }
    if (first != null && first != WAKE) {
      batch.add(first);
    }
    queue.drainTo(batch, maxBatch - 1);
    if (!maxDelay.isZero() && batch.size() < maxBatch) {
      long deadline = System.nanoTime() + maxDelay.toNanos();
      while (batch.size() < maxBatch) {
        long left = deadline - System.nanoTime();
        Object more = left <= 0 ? null : queue.poll(left, TimeUnit.NANOSECONDS);
        if (more == null) {
          break;
        }
        batch.add(more);
        queue.drainTo(batch, maxBatch - batch.size());
      }
    }
    return true;
  }

  /** Moves up to a batch of lazily appended records into {@code batch}. Writer thread. */
  int drainLazy(List<Object> batch) {
    Pending p;
    int taken = 0;
    while (taken < maxBatch && (p = lazyQueue.poll()) != null) {
      batch.add(p);
      taken++;
    }
    if (taken > 0) {
      lazyCount.addAndGet(-taken);
    }
    return taken;
  }

  /** {@code batch} followed by everything still queued, lazily appended or not, now removed. */
  List<Object> drainAll(List<Object> batch) {
    List<Object> rest = new ArrayList<>(batch);
    queue.drainTo(rest);
    rest.addAll(lazyQueue);
    lazyQueue.clear();
    return rest;
  }
}
