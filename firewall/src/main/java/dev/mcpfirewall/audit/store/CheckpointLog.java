package dev.mcpfirewall.audit.store;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Optional;

/**
 * The node's {@code checkpoints.jsonl}: numbers each new {@link Checkpoint}, chains it to the one
 * before, signs it, appends it and syncs it. Used by the writer thread only.
 */
final class CheckpointLog implements AutoCloseable {
  private final FileChannel file;
  private final NodeKey key;
  private final String node;
  private long number;
  private String prevLineHash;
  private long coveredSeq;

  private CheckpointLog(FileChannel file, NodeKey key, String node) {
    this.file = file;
    this.key = key;
    this.node = node;
  }

  /**
   * Opens the log in {@code dir}, continuing after {@code latest} (the last line found there).
   * Blocking.
   */
  static CheckpointLog open(
      Path dir, NodeKey key, String node, Optional<Checkpoint.Signed> latest, long lines)
      throws IOException {
    CheckpointLog log =
        new CheckpointLog(
            FileChannel.open(
                dir.resolve(Checkpoint.FILE),
                StandardOpenOption.CREATE,
                StandardOpenOption.WRITE,
                StandardOpenOption.APPEND),
            key,
            node);
    log.number = lines;
    log.prevLineHash = RecordSeal.GENESIS;
    latest.ifPresent(
        last -> {
          log.number = last.checkpoint().number();
          log.prevLineHash = Checkpoint.lineHash(last.line());
          log.coveredSeq = last.checkpoint().lastSeq();
        });
    return log;
  }

  /** The last sequence number a checkpoint covers (0 before the first). */
  long coveredSeq() {
    return coveredSeq;
  }

  /** True when nothing was written since the last checkpoint. */
  boolean covers(long seq) {
    return number > 0 && seq == coveredSeq;
  }

  /**
   * Signs, appends and syncs the next checkpoint over records {@code firstSeq..lastSeq}.
   *
   * @return the stored line
   */
  String append(
      long firstSeq,
      String firstPrev,
      long lastSeq,
      String head,
      String firstTime,
      String lastTime,
      String now)
      throws IOException {
    Checkpoint cp =
        new Checkpoint(
            number + 1,
            node,
            key.fingerprint(),
            firstSeq,
            firstPrev,
            lastSeq,
            head,
            firstTime,
            lastTime,
            now,
            prevLineHash);
    String line = cp.signedLine(key);
    ByteBuffer buffer = ByteBuffer.wrap((line + "\n").getBytes(StandardCharsets.UTF_8));
    while (buffer.hasRemaining()) {
      file.write(buffer);
    }
    file.force(false);
    number = cp.number();
    prevLineHash = Checkpoint.lineHash(line);
    coveredSeq = lastSeq;
    return line;
  }

  @Override
  public void close() throws IOException {
    file.close();
  }
}
