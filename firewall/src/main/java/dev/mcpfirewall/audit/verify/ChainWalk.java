package dev.mcpfirewall.audit.verify;

import dev.mcpfirewall.audit.store.Checkpoint;
import dev.mcpfirewall.audit.store.RecordHeader;
import java.time.Instant;

/**
 * The walk along a chain's records, segment after segment in order: each record's hash, its link to
 * the record before, sequence continuity, node, time order, and the heads and starts the signed
 * checkpoints name. It remembers where the chain starts and ends for the checks that follow the
 * walk ({@link ChainBounds}).
 */
final class ChainWalk {
  private final Breaches breaches;
  private final NodeIdentity node;
  private final CheckpointIndex checkpoints;

  private long records;
  private long firstSeq;
  private String firstPrev;
  private long lastSeq;
  private String lastHash;
  private String firstTime;
  private String lastTime;
  private Instant lastInstant = Instant.EPOCH;

  ChainWalk(Breaches breaches, NodeIdentity node, CheckpointIndex checkpoints) {
    this.breaches = breaches;
    this.node = node;
    this.checkpoints = checkpoints;
  }

  /** Checks one scanned segment, the next in order. */
  void check(SegmentScan scan) {
    String name = scan.file().getFileName().toString();
    if (scan.readError() != null) {
      breaches.breach("malformed-record", "cannot read: " + scan.readError(), name, 0, 0);
      return;
    }
    for (SegmentScan.Line line : scan.lines()) {
      record(line, name);
      if (breaches.full()) {
        return;
      }
    }
    if (scan.tornAt() > 0) {
      if (scan.last()) {
        breaches.warn(
            name
                + " ends in an incomplete line (a write interrupted by a crash); the writer cuts"
                + " it off when it starts again");
      } else {
        breaches.breach(
            "malformed-record",
            "incomplete line in the middle of the chain",
            name,
            scan.tornAt(),
            0);
      }
    }
  }

  private void record(SegmentScan.Line line, String file) {
    long lineNo = line.number();
    RecordHeader h = line.header();
    if (h == null) {
      breaches.breach(
          "malformed-record", "not a record: " + line.error(), file, lineNo, lastSeq + 1);
      lastSeq++;
      lastHash = null;
      return;
    }
    if (!line.hashMatches()) {
      breaches.breach(
          "hash-mismatch",
          "record seq "
              + h.seq()
              + " does not match its hash: its content was changed after it was written",
          file,
          lineNo,
          h.seq());
    }
    if (records == 0) {
      firstSeq = h.seq();
      firstPrev = h.prev();
      firstTime = h.time();
    } else if (h.seq() != lastSeq + 1) {
      breaches.breach(
          "sequence-gap",
          h.seq() <= lastSeq
              ? "seq " + h.seq() + " follows seq " + lastSeq + " (a record was inserted or moved)"
              : "records seq " + (lastSeq + 1) + ".." + (h.seq() - 1) + " are missing",
          file,
          lineNo,
          h.seq());
    } else if (lastHash != null && !h.prev().equals(lastHash)) {
      breaches.breach(
          "broken-link",
          "record seq " + h.seq() + " does not link to the record before it",
          file,
          lineNo,
          h.seq());
    }
    node.is(h.node(), file, lineNo, h.seq());
    if (line.instant() == null) {
      breaches.breach("malformed-record", "bad time " + h.time(), file, lineNo, h.seq());
    } else {
      if (line.instant().isBefore(lastInstant)) {
        breaches.breach(
            "time-regression",
            "record seq " + h.seq() + " is dated before the record preceding it",
            file,
            lineNo,
            h.seq());
      }
      lastInstant = line.instant();
    }
    for (Checkpoint cp : checkpoints.endingAt(h.seq())) {
      if (!cp.head().equals(h.hash())) {
        breaches.breach(
            "head-mismatch",
            "checkpoint "
                + cp.number()
                + " signed a different record at seq "
                + h.seq()
                + ": the chain was rewritten",
            file,
            lineNo,
            h.seq());
      }
    }
    for (Checkpoint cp : checkpoints.startingAt(h.seq())) {
      if (!cp.firstPrev().equals(h.prev())) {
        breaches.breach(
            "head-mismatch",
            "checkpoint " + cp.number() + " vouches for a different start at seq " + h.seq(),
            file,
            lineNo,
            h.seq());
      }
    }
    records++;
    lastSeq = h.seq();
    lastHash = h.hash();
    lastTime = h.time();
  }

  long records() {
    return records;
  }

  long firstSeq() {
    return firstSeq;
  }

  String firstPrev() {
    return firstPrev;
  }

  long lastSeq() {
    return lastSeq;
  }

  String firstTime() {
    return firstTime;
  }

  String lastTime() {
    return lastTime;
  }
}
