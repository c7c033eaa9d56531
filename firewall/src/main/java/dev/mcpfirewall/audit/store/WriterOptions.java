package dev.mcpfirewall.audit.store;

import java.nio.file.Path;
import java.time.Duration;

/**
 * How a {@link ChainWriter} writes.
 *
 * @param dir the node's audit directory
 * @param node the node id written into each record
 * @param durability when a record counts as durable
 * @param maxBatch most records in one group commit
 * @param maxDelay how long the writer waits for more records before committing a batch; zero
 *     commits whatever arrived while the previous batch was being synced
 * @param segmentBytes a segment is closed and a new one started past this size
 * @param checkpointEvery a checkpoint is signed at least this often while records arrive
 * @param checkpointRecords ...and at least every this many records
 * @param queueCapacity appends waiting for the writer beyond this are refused (fail closed)
 */
public record WriterOptions(
    Path dir,
    String node,
    Durability durability,
    int maxBatch,
    Duration maxDelay,
    long segmentBytes,
    Duration checkpointEvery,
    long checkpointRecords,
    int queueCapacity) {

  public static final int DEFAULT_MAX_BATCH = 1024;
  public static final Duration DEFAULT_MAX_DELAY = Duration.ZERO;
  public static final long DEFAULT_SEGMENT_BYTES = 64L * 1024 * 1024;
  public static final Duration DEFAULT_CHECKPOINT_EVERY = Duration.ofSeconds(30);
  public static final long DEFAULT_CHECKPOINT_RECORDS = 100_000;
  public static final int DEFAULT_QUEUE_CAPACITY = 65_536;

  /** Defaults for {@code dir} and {@code node}. */
  public static WriterOptions defaults(Path dir, String node) {
    return new WriterOptions(
        dir,
        node,
        Durability.FSYNC,
        DEFAULT_MAX_BATCH,
        DEFAULT_MAX_DELAY,
        DEFAULT_SEGMENT_BYTES,
        DEFAULT_CHECKPOINT_EVERY,
        DEFAULT_CHECKPOINT_RECORDS,
        DEFAULT_QUEUE_CAPACITY);
  }

  public WriterOptions withSegmentBytes(long bytes) {
    return new WriterOptions(
        dir,
        node,
        durability,
        maxBatch,
        maxDelay,
        bytes,
        checkpointEvery,
        checkpointRecords,
        queueCapacity);
  }

  public WriterOptions withCheckpoints(Duration every, long records) {
    return new WriterOptions(
        dir, node, durability, maxBatch, maxDelay, segmentBytes, every, records, queueCapacity);
  }

  public WriterOptions withDurability(Durability mode) {
    return new WriterOptions(
        dir,
        node,
        mode,
        maxBatch,
        maxDelay,
        segmentBytes,
        checkpointEvery,
        checkpointRecords,
        queueCapacity);
  }
}
