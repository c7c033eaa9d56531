package dev.mcpfirewall.audit.store;

import dev.mcpfirewall.audit.AuditEvent;
import dev.mcpfirewall.audit.store.SegmentLedger.SegmentInfo;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * One retention purge of a node's chain: removes whole segments whose last record is older than a
 * cutoff, never the one being written. It first records a {@code purge} event naming them, then
 * signs a checkpoint vouching that the chain now starts after them, then deletes the files: a crash
 * in between leaves either the old start (still vouched) or extra old segments (still linked),
 * never a gap. Runs on the {@link ChainWriter}'s thread.
 */
final class RetentionPurge {
  private final ChainWriter writer;
  private final ChainHead chain;
  private final SegmentLedger ledger;
  private final Path dir;

  RetentionPurge(ChainWriter writer, ChainHead chain, SegmentLedger ledger, Path dir) {
    this.writer = writer;
    this.chain = chain;
    this.ledger = ledger;
    this.dir = dir;
  }

  /**
   * Purges the segments before {@code current} whose last record is older than {@code cutoff}.
   *
   * @return the purged segments' file names (empty when nothing was due)
   */
  List<String> before(Instant cutoff, String actor, Path current) {
    List<SegmentInfo> due = ledger.olderThan(cutoff, current);
    if (due.isEmpty()) {
      return List.of();
    }
    SegmentInfo lastDue = due.get(due.size() - 1);
    SegmentInfo firstKept = ledger.get(due.size());
    List<Map<String, Object>> described = due.stream().map(SegmentInfo::describe).toList();
    try {
      writer.writeNow(
          List.of(
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
                          lastDue.lastSeq() + 1))));
      chain.startAt(
          lastDue.lastSeq() + 1,
          lastDue.lastHash(),
          SegmentLedger.firstRecordTime(firstKept, chain.lastTime().toString()));
      writer.checkpoint();
      for (SegmentInfo s : due) {
        Files.deleteIfExists(s.file());
      }
      SegmentFile.syncDirectory(dir);
      ledger.dropOldest(due.size());
    } catch (IOException e) {
      throw new UncheckedIOException("purging audit segments failed", e);
    }
    return described.stream().map(d -> (String) d.get("file")).toList();
  }
}
