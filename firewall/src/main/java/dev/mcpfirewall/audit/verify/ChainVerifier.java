package dev.mcpfirewall.audit.verify;

import dev.mcpfirewall.audit.store.Checkpoint;
import dev.mcpfirewall.audit.store.NodeKey;
import dev.mcpfirewall.audit.store.RecordHeader;
import dev.mcpfirewall.audit.store.RecordSeal;
import dev.mcpfirewall.audit.store.Segments;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.PublicKey;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Verifies a node's exported audit directory offline: every record's hash, every link to the
 * previous record, sequence continuity across segments, the signed checkpoints (signature, their
 * own chain, the heads they name), truncation after a checkpoint, a start that is either the
 * genesis or vouched for by a signed checkpoint written at a retention purge, and (given an anchor:
 * a checkpoint kept elsewhere, or a minimum sequence) rollback to an older copy.
 *
 * <pre>{@code
 * VerifyReport report = ChainVerifier.verify(dir, new ChainVerifier.Options(Optional.of(key),
 *     Optional.empty(), 0));
 * }</pre>
 */
public final class ChainVerifier {
  private static final int MAX_BREACHES = 100;

  /**
   * @param key the trusted public key; empty to use the directory's own {@code node-key.pub}, which
   *     proves nothing against whoever could rewrite the directory
   * @param anchor a checkpoint line kept outside the directory (the SIEM receives each one)
   * @param minSeq the chain must reach at least this sequence number (0: no minimum)
   */
  public record Options(Optional<PublicKey> key, Optional<String> anchor, long minSeq) {
    public static Options trusting(PublicKey key) {
      return new Options(Optional.of(key), Optional.empty(), 0);
    }
  }

  private final Path dir;
  private final Options options;
  private final List<Breach> breaches = new ArrayList<>();
  private final List<String> warnings = new ArrayList<>();
  private final Map<Long, List<Checkpoint>> byLastSeq = new HashMap<>();
  private final Map<Long, List<Checkpoint>> byFirstSeq = new HashMap<>();
  private final Map<Long, Checkpoint.Signed> byNumber = new HashMap<>();

  private PublicKey key;
  private boolean keyTrusted;
  private String node;
  private long records;
  private long firstSeq;
  private String firstPrev;
  private long lastSeq;
  private String lastHash;
  private String firstTime;
  private String lastTime;
  private Instant lastInstant = Instant.EPOCH;
  private Checkpoint latest;

  private final int parallelism;

  private ChainVerifier(Path dir, Options options, int parallelism) {
    this.dir = dir;
    this.options = options;
    this.parallelism = parallelism;
  }

  /**
   * Verifies {@code dir}. Blocking.
   *
   * @throws IllegalArgumentException when {@code dir} is no audit directory, or no key is available
   */
  public static VerifyReport verify(Path dir, Options options) {
    return verify(dir, options, Runtime.getRuntime().availableProcessors());
  }

  /**
   * Verifies {@code dir}, scanning up to {@code parallelism} segments at once. Blocking.
   *
   * @throws IllegalArgumentException when {@code dir} is no audit directory, or no key is available
   */
  public static VerifyReport verify(Path dir, Options options, int parallelism) {
    if (!Files.isDirectory(dir)) {
      throw new IllegalArgumentException(dir + " is not a directory");
    }
    return new ChainVerifier(dir, options, Math.max(1, parallelism)).run();
  }

  private VerifyReport run() {
    resolveKey();
    List<Path> segments = Segments.list(dir);
    if (segments.isEmpty() && !Files.exists(dir.resolve(Checkpoint.FILE))) {
      throw new IllegalArgumentException(
          dir + " holds no audit segments (segment-NNNNNN.jsonl) and no " + Checkpoint.FILE);
    }
    readCheckpoints();
    long expectedNumber = -1;
    // Hashing and parsing are independent per line: segments are scanned in parallel, a window
    // at a time (bounded memory), and their results checked in order.
    for (int from = 0;
        from < segments.size() && breaches.size() < MAX_BREACHES;
        from += parallelism) {
      List<Path> window = segments.subList(from, Math.min(segments.size(), from + parallelism));
      Path lastSegment = segments.get(segments.size() - 1);
      List<SegmentScan> scans =
          (parallelism == 1 ? window.stream() : window.parallelStream())
              .map(p -> SegmentScan.scan(p, p.equals(lastSegment)))
              .toList();
      for (SegmentScan scan : scans) {
        long number = Segments.number(scan.file());
        if (expectedNumber > 0 && number != expectedNumber) {
          breach(
              "missing-segment",
              "segment " + Segments.name(expectedNumber) + " is missing",
              Segments.name(expectedNumber),
              0,
              lastSeq + 1);
        }
        expectedNumber = number + 1;
        check(scan);
        if (breaches.size() >= MAX_BREACHES) {
          break;
        }
      }
    }
    checkStart();
    checkCoverage();
    checkAnchor();
    long unanchored = latest == null ? records : Math.max(0, lastSeq - latest.lastSeq());
    if (unanchored > 0) {
      warnings.add(
          unanchored
              + " record(s) after the last checkpoint are linked but not yet signed; offline"
              + " verification cannot tell whether records after them were removed");
    }
    return new VerifyReport(
        dir.toString(),
        node,
        records,
        segments.size(),
        firstSeq,
        lastSeq,
        firstTime,
        lastTime,
        byNumber.size(),
        latest == null ? 0 : latest.lastSeq(),
        unanchored,
        keyTrusted,
        key == null ? null : NodeKey.fingerprint(key),
        List.copyOf(breaches),
        List.copyOf(warnings));
  }

  private void resolveKey() {
    if (options.key().isPresent()) {
      key = options.key().get();
      keyTrusted = true;
      return;
    }
    Path own = dir.resolve("node-key.pub");
    if (!Files.exists(own)) {
      throw new IllegalArgumentException(
          "no public key: pass --key PUBKEY (the node's exported key); " + own + " is missing too");
    }
    try {
      key = NodeKey.readPublic(Files.readString(own, StandardCharsets.US_ASCII), own.toString());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    warnings.add(
        "checked against the directory's own node-key.pub; pass --key with the key exported from"
            + " the node to rule out a rewritten directory");
  }

  private void readCheckpoints() {
    Path file = dir.resolve(Checkpoint.FILE);
    if (!Files.exists(file)) {
      return;
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
      warnings.add("the last line of " + Checkpoint.FILE + " is incomplete and was ignored");
    }
    for (int i = 0; i < count - 1; i++) {
      String line = lines[i];
      long lineNo = i + 1;
      Checkpoint.Signed signed;
      try {
        signed = Checkpoint.parse(line);
      } catch (IllegalArgumentException e) {
        breach("malformed-record", "checkpoint " + e.getMessage(), Checkpoint.FILE, lineNo, 0);
        prevLineHash = Checkpoint.lineHash(line);
        continue;
      }
      Checkpoint cp = signed.checkpoint();
      if (!signed.verifies(key)) {
        breach(
            "bad-signature",
            "checkpoint " + cp.number() + " is not signed by key " + NodeKey.fingerprint(key),
            Checkpoint.FILE,
            lineNo,
            cp.lastSeq());
      }
      if (cp.number() != lineNo || !cp.prev().equals(prevLineHash)) {
        breach(
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
        breach(
            "checkpoint-chain",
            "checkpoint " + cp.number() + " covers less than the checkpoint before it",
            Checkpoint.FILE,
            lineNo,
            cp.lastSeq());
      }
      nodeIs(cp.node(), Checkpoint.FILE, lineNo, 0);
      byLastSeq.computeIfAbsent(cp.lastSeq(), k -> new ArrayList<>()).add(cp);
      byFirstSeq.computeIfAbsent(cp.firstSeq(), k -> new ArrayList<>()).add(cp);
      byNumber.put(cp.number(), signed);
      prevLineHash = Checkpoint.lineHash(line);
      previous = cp;
      latest = cp;
    }
  }

  private void check(SegmentScan scan) {
    String name = scan.file().getFileName().toString();
    if (scan.readError() != null) {
      breach("malformed-record", "cannot read: " + scan.readError(), name, 0, 0);
      return;
    }
    for (SegmentScan.Line line : scan.lines()) {
      record(line, name);
      if (breaches.size() >= MAX_BREACHES) {
        return;
      }
    }
    if (scan.tornAt() > 0) {
      if (scan.last()) {
        warnings.add(
            name
                + " ends in an incomplete line (a write interrupted by a crash); the writer cuts"
                + " it off when it starts again");
      } else {
        breach(
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
      breach("malformed-record", "not a record: " + line.error(), file, lineNo, lastSeq + 1);
      lastSeq++;
      lastHash = null;
      return;
    }
    if (!line.hashMatches()) {
      breach(
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
      breach(
          "sequence-gap",
          h.seq() <= lastSeq
              ? "seq " + h.seq() + " follows seq " + lastSeq + " (a record was inserted or moved)"
              : "records seq " + (lastSeq + 1) + ".." + (h.seq() - 1) + " are missing",
          file,
          lineNo,
          h.seq());
    } else if (lastHash != null && !h.prev().equals(lastHash)) {
      breach(
          "broken-link",
          "record seq " + h.seq() + " does not link to the record before it",
          file,
          lineNo,
          h.seq());
    }
    nodeIs(h.node(), file, lineNo, h.seq());
    if (line.instant() == null) {
      breach("malformed-record", "bad time " + h.time(), file, lineNo, h.seq());
    } else {
      if (line.instant().isBefore(lastInstant)) {
        breach(
            "time-regression",
            "record seq " + h.seq() + " is dated before the record preceding it",
            file,
            lineNo,
            h.seq());
      }
      lastInstant = line.instant();
    }
    for (Checkpoint cp : byLastSeq.getOrDefault(h.seq(), List.of())) {
      if (!cp.head().equals(h.hash())) {
        breach(
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
    for (Checkpoint cp : byFirstSeq.getOrDefault(h.seq(), List.of())) {
      if (!cp.firstPrev().equals(h.prev())) {
        breach(
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

  private void nodeIs(String seen, String file, long lineNo, long seq) {
    if (node == null) {
      node = seen;
    } else if (!node.equals(seen)) {
      breach(
          "foreign-node",
          "written by node '" + seen + "', but the chain belongs to node '" + node + "'",
          file,
          lineNo,
          seq);
    }
  }

  private void checkStart() {
    if (records == 0) {
      return;
    }
    if (firstSeq == 1) {
      if (!RecordSeal.GENESIS.equals(firstPrev)) {
        breach("broken-link", "the first record does not start a chain", null, 0, 1);
      }
      return;
    }
    boolean vouched =
        byFirstSeq.getOrDefault(firstSeq, List.of()).stream()
            .anyMatch(cp -> cp.firstPrev().equals(firstPrev));
    if (!vouched) {
      breach(
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

  private void checkCoverage() {
    if (latest == null) {
      if (records > 0) {
        breach(
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
      breach(
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
    if (records > 0 && firstSeq > latest.firstSeq()) {
      breach(
          "unvouched-start",
          "checkpoint "
              + latest.number()
              + " says the chain starts at seq "
              + latest.firstSeq()
              + " but it starts at seq "
              + firstSeq,
          null,
          0,
          firstSeq);
    }
  }

  private void checkAnchor() {
    if (options.minSeq() > 0 && lastSeq < options.minSeq()) {
      breach(
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
      breach("bad-signature", "the anchor checkpoint is not signed by this key", null, 0, 0);
      return;
    }
    Checkpoint.Signed same = byNumber.get(anchor.checkpoint().number());
    if (same == null) {
      breach(
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
      breach(
          "rollback",
          "checkpoint " + anchor.checkpoint().number() + " differs from the anchor",
          Checkpoint.FILE,
          anchor.checkpoint().number(),
          anchor.checkpoint().lastSeq());
    }
  }

  private void breach(String kind, String message, String file, long line, long seq) {
    if (breaches.size() < MAX_BREACHES) {
      breaches.add(new Breach(kind, message, file, line, seq));
    }
  }
}
