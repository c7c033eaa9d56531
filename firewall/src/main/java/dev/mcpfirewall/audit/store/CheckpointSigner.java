package dev.mcpfirewall.audit.store;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Clock;
import java.time.temporal.ChronoUnit;

/**
 * Signs the checkpoints of a {@link ChainWriter}'s chain: each one vouches for the chain as written
 * (its start, its head, their times), after the segment is synced so that a checkpoint never covers
 * a record that could still be lost. It signs when asked, and when one is due: every {@code
 * checkpointEvery} or every {@code checkpointRecords} records, whichever comes first. Writer thread
 * only.
 */
final class CheckpointSigner {
  private final CheckpointLog log;
  private final Clock clock;
  private final WriterOptions options;
  private final ChainWriter.RecordListener listener;
  private long nextAt;

  CheckpointSigner(
      CheckpointLog log, Clock clock, WriterOptions options, ChainWriter.RecordListener listener) {
    this.log = log;
    this.clock = clock;
    this.options = options;
    this.listener = listener;
    this.nextAt = clock.millis() + options.checkpointEvery().toMillis();
  }

  /** How long until a checkpoint is due by time (zero or less: it is due). */
  long millisUntilDue() {
    return nextAt - clock.millis();
  }

  /** Signs a checkpoint when one is due by time or by records written. */
  void signIfDue(ChainHead chain, SegmentFile segment) {
    long now = clock.millis();
    boolean due = now >= nextAt || chain.seq() - log.coveredSeq() >= options.checkpointRecords();
    if (due) {
      sign(chain, segment);
      nextAt = now + options.checkpointEvery().toMillis();
    }
  }

  /** Signs and appends a checkpoint over the chain as written (no-op when nothing is new). */
  void sign(ChainHead chain, SegmentFile segment) {
    if (chain.seq() == 0 || log.covers(chain.seq())) {
      return;
    }
    try {
      if (segment.isOpen()) {
        segment.force();
      }
      String line =
          log.append(
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

  void close() throws IOException {
    log.close();
  }
}
