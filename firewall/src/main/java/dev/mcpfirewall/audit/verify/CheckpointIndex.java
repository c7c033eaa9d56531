package dev.mcpfirewall.audit.verify;

import dev.mcpfirewall.audit.store.Checkpoint;
import dev.mcpfirewall.audit.store.NodeKey;
import dev.mcpfirewall.audit.store.RecordSeal;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.PublicKey;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A directory's signed checkpoints, read and checked on their own (signature, their own chain of
 * line hashes, numbering, never covering less than the one before), then indexed by the records
 * they name, so that the record scan can compare each record against the heads and starts the
 * checkpoints vouched for.
 */
final class CheckpointIndex {
  private final Map<Long, List<Checkpoint>> byLastSeq = new HashMap<>();
  private final Map<Long, List<Checkpoint>> byFirstSeq = new HashMap<>();
  private final Map<Long, Checkpoint.Signed> byNumber = new HashMap<>();
  private Checkpoint latest;

  private CheckpointIndex() {}

  /** Reads {@code dir}'s checkpoints file (none: an empty index), adding what is wrong. */
  static CheckpointIndex read(Path dir, PublicKey key, Breaches breaches, NodeIdentity node) {
    CheckpointIndex index = new CheckpointIndex();
    Path file = dir.resolve(Checkpoint.FILE);
    if (!Files.exists(file)) {
      return index;
    }
    byte[] bytes;
    try {
      bytes = Files.readAllBytes(file);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    String text = new String(bytes, StandardCharsets.UTF_8);
    String[] lines = text.split("\n", -1);
    String prevLineHash = RecordSeal.GENESIS;
    Checkpoint previous = null;
    int count = lines.length;
    if (!text.endsWith("\n") && !text.isEmpty()) {
      breaches.warn("the last line of " + Checkpoint.FILE + " is incomplete and was ignored");
    }
    for (int i = 0; i < count - 1; i++) {
      String line = lines[i];
      long lineNo = i + 1;
      Checkpoint.Signed signed;
      try {
        signed = Checkpoint.parse(line);
      } catch (IllegalArgumentException e) {
        breaches.breach(
            "malformed-record", "checkpoint " + e.getMessage(), Checkpoint.FILE, lineNo, 0);
        prevLineHash = Checkpoint.lineHash(line);
        continue;
      }
      Checkpoint cp = signed.checkpoint();
      if (!signed.verifies(key)) {
        breaches.breach(
            "bad-signature",
            "checkpoint " + cp.number() + " is not signed by key " + NodeKey.fingerprint(key),
            Checkpoint.FILE,
            lineNo,
            cp.lastSeq());
      }
      if (cp.number() != lineNo || !cp.prev().equals(prevLineHash)) {
        breaches.breach(
            "checkpoint-chain",
            "checkpoint "
                + cp.number()
                + " on line "
                + lineNo
                + " does not follow the checkpoint before it (removed, inserted or reordered)",
            Checkpoint.FILE,
            lineNo,
            cp.lastSeq());
      }
      if (previous != null
          && (cp.lastSeq() < previous.lastSeq() || cp.firstSeq() < previous.firstSeq())) {
        breaches.breach(
            "checkpoint-chain",
            "checkpoint " + cp.number() + " covers less than the checkpoint before it",
            Checkpoint.FILE,
            lineNo,
            cp.lastSeq());
      }
      node.is(cp.node(), Checkpoint.FILE, lineNo, 0);
      index.byLastSeq.computeIfAbsent(cp.lastSeq(), k -> new ArrayList<>()).add(cp);
      index.byFirstSeq.computeIfAbsent(cp.firstSeq(), k -> new ArrayList<>()).add(cp);
      index.byNumber.put(cp.number(), signed);
      prevLineHash = Checkpoint.lineHash(line);
      previous = cp;
      index.latest = cp;
    }
    return index;
  }

  /** The checkpoints whose last record is {@code seq}. */
  List<Checkpoint> endingAt(long seq) {
    return byLastSeq.getOrDefault(seq, List.of());
  }

  /** The checkpoints saying the chain starts at {@code seq}. */
  List<Checkpoint> startingAt(long seq) {
    return byFirstSeq.getOrDefault(seq, List.of());
  }

  /** The checkpoint numbered {@code number}, or null. */
  Checkpoint.Signed numbered(long number) {
    return byNumber.get(number);
  }

  int size() {
    return byNumber.size();
  }

  /** The last checkpoint in the file, or null when there is none. */
  Checkpoint latest() {
    return latest;
  }
}
