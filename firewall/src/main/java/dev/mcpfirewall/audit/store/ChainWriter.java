package dev.mcpfirewall.audit.store;

import dev.mcpfirewall.audit.AuditEvent;
import dev.mcpfirewall.audit.AuditReceipt;
import dev.mcpfirewall.audit.AuditTrail;
import dev.mcpfirewall.audit.store.WriterQueue.Pending;
import dev.mcpfirewall.audit.store.WriterQueue.Task;
import dev.mcpfirewall.pipeline.FailureKind;
import dev.mcpfirewall.pipeline.FirewallFailure;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one writer of a node's chain: a dedicated thread that takes appended events from a bounded
 * queue ({@link WriterQueue}), seals them in order ({@link ChainHead}), writes each batch with one
 * write and one {@code fsync} (group commit) to the current segment ({@link SegmentFile}),
 * completes the batch's futures on their callers' contexts ({@link Completions}), rolls segments,
 * signs checkpoints ({@link CheckpointSigner}) and runs retention purges ({@link RetentionPurge}).
 * Nothing here runs on an event loop.
 *
 * <p>On open it takes the directory's lock ({@link WriterLock}) and recovers from a crash: a torn
 * last line is cut off (and the cut is recorded, {@link RestartRecords}), the chain continues from
 * the last complete record, and a new segment is started. A directory whose latest checkpoint
 * covers records that are no longer there is refused: the trail was truncated.
 */
public final class ChainWriter implements AuditTrail {
  private static final Logger log = LoggerFactory.getLogger(ChainWriter.class);

  /** How long lazily appended records may wait for their sync when nothing else forces one. */
  private static final long LAZY_SYNC_MILLIS = 50;

  private final WriterOptions options;
  private final NodeKey key;
  private final Clock clock;
  private final RecordListener listener;
  private final RecordEncoding encoding;
  private final WriterQueue queue;
  private final Thread thread;
  private final WriterLock lock;
  private final Promise<Void> closed = Promise.promise();
  private final ChainHead chain;
  private final SegmentLedger ledger = new SegmentLedger();

  private volatile Throwable broken;
  private volatile boolean closing;

  // Writer-thread state.
  private boolean needsSync;
  private SegmentFile segment;
  private CheckpointSigner checkpoints;

  /** Told about every durable record line and checkpoint line, on the writer thread. */
  public interface RecordListener {
    void record(byte[] line);

    default void checkpoint(String line) {}

    RecordListener NONE = line -> {};
  }

  private ChainWriter(
      WriterOptions options,
      NodeKey key,
      Clock clock,
      EventEncoder encoder,
      RecordListener listener,
      Executor encoding,
      WriterLock lock) {
    this.encoding = new RecordEncoding(encoder, encoding);
    this.options = options;
    this.key = key;
    this.clock = clock;
    this.listener = listener;
    this.lock = lock;
    this.queue = new WriterQueue(options.queueCapacity(), options.maxBatch());
    this.chain = new ChainHead(options.node(), clock);
    this.thread = new Thread(this::run, "audit-writer-" + options.node());
    this.thread.setDaemon(true);
  }

  /**
   * Opens (creating when needed) the chain in {@code options.dir()}, recovers it, records a {@code
   * start} event, and starts the writer thread. Blocking: call from a worker.
   *
   * @throws IllegalStateException when the directory is locked by another writer or was truncated
   */
  public static ChainWriter open(
      WriterOptions options,
      NodeKey key,
      Clock clock,
      EventEncoder encoder,
      RecordListener listener) {
    return open(options, key, clock, encoder, listener, null);
  }

  /**
   * Like {@link #open(WriterOptions, NodeKey, Clock, EventEncoder, RecordListener)}, encoding
   * events on {@code encoding} (the encoder must then be thread-safe); null encodes on the writer
   * thread.
   */
  public static ChainWriter open(
      WriterOptions options,
      NodeKey key,
      Clock clock,
      EventEncoder encoder,
      RecordListener listener,
      Executor encoding) {
    try {
      Files.createDirectories(options.dir());
      WriterLock lock = WriterLock.acquire(options.dir());
      ChainWriter writer = new ChainWriter(options, key, clock, encoder, listener, encoding, lock);
      try {
        writer.recover();
      } catch (IOException | RuntimeException e) {
        lock.release();
        throw e;
      }
      writer.thread.start();
      return writer;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot open the audit directory " + options.dir(), e);
    }
  }

  private void recover() throws IOException {
    Path dir = options.dir();
    Files.writeString(dir.resolve("node-key.pub"), key.publicPem(), StandardCharsets.US_ASCII);
    ChainState state = ChainState.read(dir);
    ledger.resume(state);
    chain.resume(dir, state);
    CheckpointLog checkpointLog =
        CheckpointLog.open(dir, key, options.node(), state.checkpoint(), state.checkpointCount());
    segment =
        new SegmentFile(
            dir,
            options.segmentBytes(),
            Segments.list(dir).stream().mapToLong(Segments::number).max().orElse(0));
    segment.openNext();
    checkpoints = new CheckpointSigner(checkpointLog, clock, options, listener);
    writeNow(RestartRecords.of(state, key, segment.number()));
    // Signed at once: a node killed before its first periodic checkpoint still leaves a trail
    // whose start is signed (what follows is reported as not yet anchored, not as unsigned).
    checkpoint();
  }

  /**
   * Seals {@code events} as the next records and writes and syncs them at once, outside any batch.
   * Writer thread only (or the opening thread before it starts).
   */
  void writeNow(List<AuditEvent> events) throws IOException {
    List<byte[]> lines = new ArrayList<>();
    for (AuditEvent event : events) {
      byte[] line = chain.seal(event.type(), encoding.members(event));
      segment.account(line);
      placed();
      lines.add(line);
    }
    segment.write(lines);
    segment.force();
    lines.forEach(listener::record);
  }

  @Override
  public Future<AuditReceipt> append(AuditEvent event) {
    return append(event, false);
  }

  /**
   * Appends a record nobody waits for (a response, a refusal): in {@code fsync} mode it is synced
   * with the next batch that needs a sync, or within {@value #LAZY_SYNC_MILLIS} ms, instead of
   * forcing a sync of its own. Its future completes once it is written to the operating system.
   */
  @Override
  public Future<AuditReceipt> appendLazily(AuditEvent event) {
    return append(event, true);
  }

  private Future<AuditReceipt> append(AuditEvent event, boolean lazy) {
    Context context = Vertx.currentContext();
    Promise<AuditReceipt> promise = Promise.promise();
    Throwable failure = broken;
    if (failure != null || closing) {
      return Future.failedFuture(unavailable(failure == null ? "the trail is closed" : null));
    }
    // A short queue means the writer has time to encode itself: no hand-off to wake a thread
    // for. A longer one is encoded in parallel ahead of the writer.
    CompletableFuture<TreeMap<String, Object>> members = encoding.ahead(event, queue::waiting);
    if (!queue.offer(new Pending(event, members, promise, context, lazy))) {
      return Future.failedFuture(unavailable("the writer's queue is full"));
    }
    return promise.future();
  }

  /** Runs {@code work} on the writer thread, between batches; its future completes after. */
  public <T> Future<T> submit(Function<ChainWriter, T> work) {
    Promise<T> promise = Promise.promise();
    if (broken != null || closing) {
      return Future.failedFuture(unavailable(null));
    }
    try {
      queue.put(new Task<>(work, promise, Vertx.currentContext()));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return Future.failedFuture(e);
    }
    return promise.future();
  }

  /** Signs a checkpoint over everything written so far (no-op when nothing is new). */
  public Future<Void> checkpointNow() {
    return submit(
        w -> {
          w.checkpoint();
          return null;
        });
  }

  /**
   * Stops taking appends, writes what is queued, signs a final checkpoint, and releases the dir.
   */
  public Future<Void> close() {
    if (!closing) {
      closing = true;
      queue.stop();
    }
    return closed.future();
  }

  private FirewallFailure unavailable(String why) {
    Throwable cause = broken;
    String detail =
        "the audit trail cannot record this request ("
            + (why != null ? why : cause == null ? "stopped" : cause.getMessage())
            + "), so it is refused";
    return new FirewallFailure(FailureKind.AUDIT_UNAVAILABLE, detail);
  }

  // ---- writer thread ----

  private void run() {
    List<Object> batch = new ArrayList<>(options.maxBatch());
    try {
      while (true) {
        long wait = Math.max(1, checkpoints.millisUntilDue());
        if (segment.dirty() || queue.lazyWaiting()) {
          wait = Math.min(wait, LAZY_SYNC_MILLIS);
        }
        if (!queue.take(batch, wait, options.maxDelay())) {
          segment.syncIfDirty();
          checkpoints.signIfDue(chain, segment);
          continue;
        }
        boolean stop = process(batch);
        batch.clear();
        if (stop) {
          finish(null);
          return;
        }
      }
    } catch (Throwable e) {
      log.error("audit writer for {} failed; refusing requests from now on", options.dir(), e);
      broken = e;
      failQueued(batch);
      finish(e);
    }
  }

  /** Seals and writes one batch; returns true when STOP was in it. */
  private boolean process(List<Object> batch) throws IOException {
    List<Object> lazyRest = new ArrayList<>();
    boolean stopped = processItems(batch, lazyRest);
    while (!lazyRest.isEmpty()) {
      // Lazily appended records still waiting at shutdown are written before the trail closes.
      List<Object> more = new ArrayList<>(lazyRest);
      lazyRest.clear();
      processItems(more, lazyRest);
    }
    return stopped;
  }

  private boolean processItems(List<Object> batch, List<Object> lazyRest) throws IOException {
    List<byte[]> lines = new ArrayList<>(batch.size());
    Completions completions = new Completions();
    boolean stop = false;
    for (Object item : batch) {
      if (item == WriterQueue.STOP) {
        stop = true;
        while (queue.drainLazy(lazyRest) > 0) {
          // every lazily appended record still waiting is written before the trail closes
        }
        continue;
      }
      if (item == WriterQueue.WAKE) {
        continue;
      }
      if (item instanceof Task<?> task) {
        commit(lines, completions);
        lines = new ArrayList<>();
        runTask(task);
        continue;
      }
      Pending p = (Pending) item;
      needsSync |= !p.lazy();
      byte[] line;
      try {
        line =
            p.members() == null
                ? chain.seal(p.event().type(), encoding.members(p.event()))
                : chain.seal(p.event().type(), p.members().join());
      } catch (RuntimeException e) {
        // This event cannot be encoded; the others in the batch still go.
        log.error("audit event {} cannot be recorded", p.event().type(), e);
        completions.add(p.context(), () -> p.promise().fail(unavailable("unencodable event")));
        continue;
      }
      if (segment.overflows(line.length)) {
        commit(lines, completions);
        lines = new ArrayList<>();
        roll();
      }
      lines.add(line);
      segment.account(line);
      placed();
      AuditReceipt receipt = new AuditReceipt(chain.seq(), chain.head());
      completions.add(p.context(), () -> p.promise().complete(receipt));
    }
    commit(lines, completions);
    checkpoints.signIfDue(chain, segment);
    return stop;
  }

  private <T> void runTask(Task<T> task) {
    T result;
    try {
      result = task.work().apply(this);
    } catch (RuntimeException e) {
      Completions.dispatch(task.context(), () -> task.promise().fail(e));
      return;
    }
    Completions.dispatch(task.context(), () -> task.promise().complete(result));
  }

  private void commit(List<byte[]> lines, Completions completions) throws IOException {
    if (lines.isEmpty()) {
      completions.dispatch();
      return;
    }
    segment.write(lines);
    if (options.durability() == Durability.FSYNC) {
      if (needsSync) {
        segment.force();
      } else {
        segment.markDirty();
      }
    }
    needsSync = false;
    lines.forEach(listener::record);
    completions.dispatch();
  }

  /** Notes that the last record sealed went into the current segment (for retention). */
  private void placed() {
    ledger.placed(segment.file(), chain.seq(), chain.lastTime().toString(), chain.head());
  }

  private void roll() throws IOException {
    segment.force();
    segment.close();
    checkpoint();
    segment.openNext();
  }

  /** Signs a checkpoint over the chain as written. Writer thread only. */
  void checkpoint() {
    checkpoints.sign(chain, segment);
  }

  private void failQueued(List<Object> batch) {
    for (Object item : queue.drainAll(batch)) {
      if (item instanceof Pending p) {
        Completions.dispatch(p.context(), () -> p.promise().tryFail(unavailable(null)));
      } else if (item instanceof Task<?> t) {
        Completions.dispatch(t.context(), () -> t.promise().tryFail(unavailable(null)));
      }
    }
  }

  private void finish(Throwable failure) {
    try {
      if (failure == null) {
        checkpoint();
        segment.syncIfDirty();
      }
    } catch (RuntimeException | IOException e) {
      log.error("final audit checkpoint failed", e);
    }
    try {
      segment.close();
      checkpoints.close();
      lock.release();
    } catch (IOException e) {
      log.warn("closing the audit directory {} failed", options.dir(), e);
    }
    closed.tryComplete();
  }

  // ---- retention (writer thread, via submit) ----

  /**
   * Removes whole segments whose last record is older than {@code cutoff}, never the one being
   * written, as a {@link RetentionPurge} does: recorded, then vouched for by a signed checkpoint,
   * then deleted. Writer thread.
   *
   * @return the purged segments' file names (empty when nothing was due)
   */
  public List<String> purgeBefore(Instant cutoff, String actor) {
    return new RetentionPurge(this, chain, ledger, options.dir())
        .before(cutoff, actor, segment.file());
  }

  /** The node's directory. */
  public Path dir() {
    return options.dir();
  }

  /** The last sequence number written (writer thread's view; approximate elsewhere). */
  public long seq() {
    return chain.seq();
  }
}
