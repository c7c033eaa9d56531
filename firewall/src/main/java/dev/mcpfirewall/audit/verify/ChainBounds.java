package dev.mcpfirewall.audit.verify;

import dev.mcpfirewall.audit.store.Checkpoint;
import dev.mcpfirewall.audit.store.RecordSeal;
import java.security.PublicKey;

/**
 * The checks on where a walked chain starts and ends, made once all its records were seen: a start
 * that is the genesis or vouched for by a signed checkpoint (a retention purge), an end no earlier
 * than the latest checkpoint covers (truncation), and, given an anchor kept elsewhere or a minimum
 * sequence, no rollback to an older copy of the directory.
 */
final class ChainBounds {
  private final ChainWalk walk;
  private final CheckpointIndex checkpoints;
  private final Breaches breaches;

  ChainBounds(ChainWalk walk, CheckpointIndex checkpoints, Breaches breaches) {
    this.walk = walk;
    this.checkpoints = checkpoints;
    this.breaches = breaches;
  }

  /** The chain starts at the genesis, or where a signed checkpoint says it does. */
  void checkStart() {
    if (walk.records() == 0) {
      return;
    }
    long firstSeq = walk.firstSeq();
    String firstPrev = walk.firstPrev();
    if (firstSeq == 1) {
      if (!RecordSeal.GENESIS.equals(firstPrev)) {
        breaches.breach("broken-link", "the first record does not start a chain", null, 0, 1);
      }
      return;
    }
    boolean vouched =
        checkpoints.startingAt(firstSeq).stream().anyMatch(cp -> cp.firstPrev().equals(firstPrev));
    if (!vouched) {
      breaches.breach(
          "unvouched-start",
          "the chain starts at seq "
              + firstSeq
              + " but no signed checkpoint vouches for that start (records 1.."
              + (firstSeq - 1)
              + " were removed without a retention purge)",
          null,
          0,
          firstSeq);
    }
  }

  /** Some checkpoint covers the records, and the latest one covers no more than is there. */
  void checkCoverage() {
    Checkpoint latest = checkpoints.latest();
    long lastSeq = walk.lastSeq();
    if (latest == null) {
      if (walk.records() > 0) {
        breaches.breach(
            "unsigned",
            "no signed checkpoint covers any record: nothing here can be proven (the checkpoints"
                + " file is missing or empty)",
            Checkpoint.FILE,
            0,
            0);
      }
      return;
    }
    if (latest.lastSeq() > lastSeq) {
      breaches.breach(
          "truncated",
          "checkpoint "
              + latest.number()
              + " covers records up to seq "
              + latest.lastSeq()
              + " but the chain ends at seq "
              + lastSeq,
          null,
          0,
          lastSeq + 1);
    }
    if (walk.records() > 0 && walk.firstSeq() > latest.firstSeq()) {
      breaches.breach(
          "unvouched-start",
          "checkpoint "
              + latest.number()
              + " says the chain starts at seq "
              + latest.firstSeq()
              + " but it starts at seq "
              + walk.firstSeq(),
          null,
          0,
          walk.firstSeq());
    }
  }

  /** The chain reaches the expected minimum and holds the anchor checkpoint unchanged. */
  void checkAnchor(ChainVerifier.Options options, PublicKey key) {
    long lastSeq = walk.lastSeq();
    if (options.minSeq() > 0 && lastSeq < options.minSeq()) {
      breaches.breach(
          "rollback",
          "the chain ends at seq " + lastSeq + ", before the expected minimum " + options.minSeq(),
          null,
          0,
          lastSeq);
    }
    if (options.anchor().isEmpty()) {
      return;
    }
    Checkpoint.Signed anchor;
    try {
      anchor = Checkpoint.parse(options.anchor().get().strip());
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("the anchor is not a checkpoint line: " + e.getMessage());
    }
    if (!anchor.verifies(key)) {
      breaches.breach(
          "bad-signature", "the anchor checkpoint is not signed by this key", null, 0, 0);
      return;
    }
    Checkpoint latest = checkpoints.latest();
    Checkpoint.Signed same = checkpoints.numbered(anchor.checkpoint().number());
    if (same == null) {
      breaches.breach(
          "rollback",
          "the anchor is checkpoint "
              + anchor.checkpoint().number()
              + " (seq "
              + anchor.checkpoint().lastSeq()
              + ") but the directory's checkpoints end at "
              + (latest == null ? "none" : latest.number() + " (seq " + latest.lastSeq() + ")")
              + ": an older copy was restored",
          Checkpoint.FILE,
          0,
          anchor.checkpoint().lastSeq());
    } else if (!same.line().equals(anchor.line())) {
      breaches.breach(
          "rollback",
          "checkpoint " + anchor.checkpoint().number() + " differs from the anchor",
          Checkpoint.FILE,
          anchor.checkpoint().number(),
          anchor.checkpoint().lastSeq());
    }
  }
}
