package dev.mcpfirewall.audit.store;

import dev.mcpfirewall.audit.AuditEvent;
import dev.mcpfirewall.audit.AuditReceipt;
import dev.mcpfirewall.audit.AuditTrail;
import dev.mcpfirewall.audit.store.SegmentLedger.SegmentInfo;
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
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one writer of a node's chain: a dedicated thread that takes appended events from a bounded
 * queue ({@link WriterQueue}), seals them ({@link ChainHead}) in order, writes each batch with one
 * write and one {@code fsync} (group commit), completes the batch's futures on their callers'
 * contexts, rolls segments ({@link SegmentFile}), signs checkpoints, and purges old segments for
 * retention ({@link SegmentLedger}). Nothing here runs on an event loop.
 *
 * <p>On open it recovers from a crash: a torn last line is cut off (and the cut is recorded), the
 * chain continues from the last complete record, and a new segment is started. A directory whose
 * latest checkpoint covers records that are no longer there is refused: the trail was truncated.
 */
public final class ChainWriter implements AuditTrail {
  private static final Logger log = LoggerFactory.getLogger(ChainWriter.class);
  private static final int ENCODE_AHEAD_QUEUE = 16;

  /** How long lazily appended records may wait for their sync when nothing else forces one. */
  private static final long LAZY_SYNC_MILLIS = 50;

  private final WriterOptions options;
  private final NodeKey key;
  private final Clock clock;
  private final EventEncoder encoder;
  private final RecordListener listener;
  private final Executor encoding;
  private final WriterQueue queue;
  private final Thread thread;
  private final FileChannel lockChannel;
  private final FileLock lock;
  private final Promise<Void> closed = Promise.promise();
  private final ChainHead chain;
  private final SegmentLedger ledger = new SegmentLedger();

  private volatile Throwable broken;
  private volatile boolean closing;

  // Writer-thread state.
  private boolean needsSync;
  private SegmentFile segment;
  private long nextCheckpointAt;
  private CheckpointLog checkpoints;

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
      FileChannel lockChannel,
      FileLock lock) {
    this.encoding = encoding;
    this.options = options;
    this.key = key;
    this.clock = clock;
    this.encoder = encoder;
    this.listener = listener;
    this.lockChannel = lockChannel;
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
      FileChannel lockChannel =
          FileChannel.open(
              options.dir().resolve("writer.lock"),
              StandardOpenOption.CREATE,
              StandardOpenOption.WRITE);
      FileLock lock;
      try {
        lock = lockChannel.tryLock();
      } catch (java.nio.channels.OverlappingFileLockException sameProcess) {
        lock = null;
      }
      if (lock == null) {
        lockChannel.close();
        throw new IllegalStateException(
            "the audit directory " + options.dir() + " is in use by another firewall process");
      }
      ChainWriter writer =
          new ChainWriter(options, key, clock, encoder, listener, encoding, lockChannel, lock);
      try {
        writer.recover();
      } catch (IOException | RuntimeException e) {
        lock.release();
        lockChannel.close();
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
    checkpoints =
        CheckpointLog.open(dir, key, options.node(), state.checkpoint(), state.checkpointCount());
    segment =
        new SegmentFile(
            dir,
            options.segmentBytes(),
            Segments.list(dir).stream().mapToLong(Segments::number).max().orElse(0));
    segment.openNext();
    nextCheckpointAt = clock.millis() + options.checkpointEvery().toMillis();
    List<byte[]> lines = new ArrayList<>();
    if (state.tornBytes() > 0) {
      lines.add(
          seal(
              AuditEvent.of("recovery")
                  .with("action", "audit.torn-tail-cut")
                  .with(
                      "details",
                      Map.of(
                          "bytes",
                          state.tornBytes(),
                          "reason",
                          "the previous process stopped while writing; its incomplete last line"
                              + " (never acknowledged) was removed"))));
    }
    lines.add(
        seal(
            AuditEvent.of("start")
                .with("action", "node.start")
                .with("details", Map.of("key", key.fingerprint(), "segment", segment.number()))));
    for (long s = chain.seq() - lines.size() + 1; s < chain.seq(); s++) {
      // the recovery record, if any; its hash is not needed
      ledger.placed(segment.file(), s, chain.lastTime().toString(), null);
    }
    placed();
    lines.forEach(segment::account);
    segment.write(lines);
    segment.force();
    lines.forEach(listener::record);
    // Signed at once: a node killed before its first periodic checkpoint still leaves a trail
    // whose start is signed (what follows is reported as not yet anchored, not as unsigned).
    checkpoint();
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
    CompletableFuture<TreeMap<String, Object>> members =
        encoding == null || queue.waiting() < ENCODE_AHEAD_QUEUE
            ? null
            : CompletableFuture.supplyAsync(() -> encode(event), encoding);
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
    List<Runnable> completions = new ArrayList<>(options.maxBatch());
    try {
      while (true) {
        long wait = Math.max(1, nextCheckpointAt - clock.millis());
        if (segment.dirty() || queue.lazyWaiting()) {
          wait = Math.min(wait, LAZY_SYNC_MILLIS);
        }
        if (!queue.take(batch, wait, options.maxDelay())) {
          segment.syncIfDirty();
          maybeCheckpoint();
          continue;
        }
        boolean stop = process(batch, completions);
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
  private boolean process(List<Object> batch, List<Runnable> completions) throws IOException {
    List<Object> lazyRest = new ArrayList<>();
    boolean stopped = processItems(batch, completions, lazyRest);
    while (!lazyRest.isEmpty()) {
      // Lazily appended records still waiting at shutdown are written before the trail closes.
      List<Object> more = new ArrayList<>(lazyRest);
      lazyRest.clear();
      processItems(more, completions, lazyRest);
    }
    return stopped;
  }

  private boolean processItems(
      List<Object> batch, List<Runnable> completions, List<Object> lazyRest) throws IOException {
    List<byte[]> lines = new ArrayList<>(batch.size());
    Map<Context, List<Runnable>> byContext = new IdentityHashMap<>();
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
        commit(lines, byContext);
        lines = new ArrayList<>();
        byContext = new IdentityHashMap<>();
        runTask(task);
        continue;
      }
      Pending p = (Pending) item;
      needsSync |= !p.lazy();
      byte[] line;
      try {
        line =
            p.members() == null
                ? chain.seal(p.event().type(), encode(p.event()))
                : chain.seal(p.event().type(), p.members().join());
      } catch (RuntimeException e) {
        // This event cannot be encoded; the others in the batch still go.
        log.error("audit event {} cannot be recorded", p.event().type(), e);
        complete(p.context(), byContext, () -> p.promise().fail(unavailable("unencodable event")));
        continue;
      }
      if (segment.overflows(line.length)) {
        commit(lines, byContext);
        lines = new ArrayList<>();
        byContext = new IdentityHashMap<>();
        roll();
      }
      lines.add(line);
      segment.account(line);
      placed();
      AuditReceipt receipt = new AuditReceipt(chain.seq(), chain.head());
      complete(p.context(), byContext, () -> p.promise().complete(receipt));
    }
    commit(lines, byContext);
    maybeCheckpoint();
    return stop;
  }

  private <T> void runTask(Task<T> task) {
    T result;
    try {
      result = task.work().apply(this);
    } catch (RuntimeException e) {
      dispatch(task.context(), () -> task.promise().fail(e));
      return;
    }
    dispatch(task.context(), () -> task.promise().complete(result));
  }

  private void commit(List<byte[]> lines, Map<Context, List<Runnable>> byContext)
      throws IOException {
    if (lines.isEmpty()) {
      byContext.forEach(ChainWriter::dispatchAll);
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
    byContext.forEach(ChainWriter::dispatchAll);
  }

  private static void complete(
      Context context, Map<Context, List<Runnable>> byContext, Runnable completion) {
    byContext.computeIfAbsent(context, c -> new ArrayList<>()).add(completion);
  }

  private static void dispatchAll(Context context, List<Runnable> completions) {
    dispatch(context, () -> completions.forEach(Runnable::run));
  }

  private static void dispatch(Context context, Runnable r) {
    if (context == null) {
      r.run();
    } else {
      context.runOnContext(v -> r.run());
    }
  }

  /** Seals an event as the next record. Writer thread only. */
  private byte[] seal(AuditEvent event) {
    return chain.seal(event.type(), encode(event));
  }

  /**
   * An event's members, each value already in canonical form: the expensive part of a record
   * (redaction, commitment, encoding), done on the encoding pool so that the writer thread, which
   * must seal records one after the other, only splices and hashes.
   */
  private TreeMap<String, Object> encode(AuditEvent event) {
    TreeMap<String, Object> members = encoder.members(event);
    members.replaceAll(
        (k, v) ->
            v instanceof CanonicalJson.Raw ? v : new CanonicalJson.Raw(CanonicalJson.encode(v)));
    return members;
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

  private void maybeCheckpoint() throws IOException {
    long now = clock.millis();
    boolean due =
        now >= nextCheckpointAt
            || chain.seq() - checkpoints.coveredSeq() >= options.checkpointRecords();
    if (due) {
      checkpoint();
      nextCheckpointAt = now + options.checkpointEvery().toMillis();
    }
  }

  /** Signs and appends a checkpoint over the chain as written. Writer thread only. */
  void checkpoint() {
    if (chain.seq() == 0 || checkpoints.covers(chain.seq())) {
      return;
    }
    try {
      if (segment.isOpen()) {
        segment.force();
      }
      String line =
          checkpoints.append(
              chain.firstSeq(),
              chain.firstPrev(),
              chain.seq(),
              chain.head(),
              chain.firstTime(),
              chain.lastTime().toString(),
              clock.instant().truncatedTo(ChronoUnit.MICROS).toString());
      listener.checkpoint(line);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write an audit checkpoint", e);
    }
  }

  private void failQueued(List<Object> batch) {
    for (Object item : queue.drainAll(batch)) {
      if (item instanceof Pending p) {
        dispatch(p.context(), () -> p.promise().tryFail(unavailable(null)));
      } else if (item instanceof Task<?> t) {
        dispatch(t.context(), () -> t.promise().tryFail(unavailable(null)));
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
      lockChannel.close();
    } catch (IOException e) {
      log.warn("closing the audit directory {} failed", options.dir(), e);
    }
    closed.tryComplete();
  }

  // ---- retention (writer thread, via submit) ----

  /**
   * Removes whole segments whose last record is older than {@code cutoff}, never the one being
   * written. First records a {@code purge} event naming them, then signs a checkpoint vouching that
   * the chain now starts after them, then deletes the files: a crash in between leaves either the
   * old start (still vouched) or extra old segments (still linked), never a gap. Writer thread.
   *
   * @return the purged segments' file names (empty when nothing was due)
   */
  public List<String> purgeBefore(Instant cutoff, String actor) {
    List<SegmentInfo> due = ledger.olderThan(cutoff, segment.file());
    if (due.isEmpty()) {
      return List.of();
    }
    SegmentInfo lastDue = due.get(due.size() - 1);
    SegmentInfo firstKept = ledger.get(due.size());
    List<Map<String, Object>> described = due.stream().map(SegmentInfo::describe).toList();
    try {
      byte[] line =
          seal(
              AuditEvent.of("admin")
                  .with("action", "audit.purge")
                  .with("actor", actor)
                  .with(
                      "details",
                      Map.of(
                          "cutoff",
                          cutoff.toString(),
                          "segments",
                          described,
                          "retainedFromSeq",
                          lastDue.lastSeq() + 1)));
      segment.account(line);
      placed();
      segment.write(List.of(line));
      segment.force();
      listener.record(line);
      chain.startAt(
          lastDue.lastSeq() + 1,
          lastDue.lastHash(),
          SegmentLedger.firstRecordTime(firstKept, chain.lastTime().toString()));
      checkpoint();
      for (SegmentInfo s : due) {
        Files.deleteIfExists(s.file());
      }
      SegmentFile.syncDirectory(options.dir());
      ledger.dropOldest(due.size());
    } catch (IOException e) {
      throw new UncheckedIOException("purging audit segments failed", e);
    }
    return described.stream().map(d -> (String) d.get("file")).toList();
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
