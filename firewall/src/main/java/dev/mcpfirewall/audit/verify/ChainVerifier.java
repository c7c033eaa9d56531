package dev.mcpfirewall.audit.verify;

import dev.mcpfirewall.audit.store.Checkpoint;
import dev.mcpfirewall.audit.store.NodeKey;
import dev.mcpfirewall.audit.store.Segments;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.PublicKey;
import java.util.List;
import java.util.Optional;

/**
 * Verifies a node's exported audit directory offline: every record's hash, every link to the
 * previous record, sequence continuity across segments, the signed checkpoints (signature, their
 * own chain, the heads they name), truncation after a checkpoint, a start that is either the
 * genesis or vouched for by a signed checkpoint written at a retention purge, and (given an anchor:
 * a checkpoint kept elsewhere, or a minimum sequence) rollback to an older copy.
 *
 * <p>A run reads the checkpoints ({@link CheckpointIndex}), walks the records segment by segment
 * ({@link ChainWalk}), checks the chain's start and end ({@link ChainBounds}), and reports what it
 * found ({@link VerifyReport}).
 *
 * <pre>{@code
 * VerifyReport report = ChainVerifier.verify(dir, new ChainVerifier.Options(Optional.of(key),
 *     Optional.empty(), 0));
 * }</pre>
 */
public final class ChainVerifier {
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
  private final int parallelism;
  private final Breaches breaches = new Breaches();
  private final NodeIdentity node = new NodeIdentity(breaches);

  private PublicKey key;
  private boolean keyTrusted;

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
    CheckpointIndex checkpoints = CheckpointIndex.read(dir, key, breaches, node);
    ChainWalk walk = new ChainWalk(breaches, node, checkpoints);
    scan(segments, walk);
    ChainBounds bounds = new ChainBounds(walk, checkpoints, breaches);
    bounds.checkStart();
    bounds.checkCoverage();
    bounds.checkAnchor(options, key);
    Checkpoint latest = checkpoints.latest();
    long unanchored =
        latest == null ? walk.records() : Math.max(0, walk.lastSeq() - latest.lastSeq());
    if (unanchored > 0) {
      breaches.warn(
          unanchored
              + " record(s) after the last checkpoint are linked but not yet signed; offline"
              + " verification cannot tell whether records after them were removed");
    }
    return new VerifyReport(
        dir.toString(),
        node.node(),
        walk.records(),
        segments.size(),
        walk.firstSeq(),
        walk.lastSeq(),
        walk.firstTime(),
        walk.lastTime(),
        checkpoints.size(),
        latest == null ? 0 : latest.lastSeq(),
        unanchored,
        keyTrusted,
        key == null ? null : NodeKey.fingerprint(key),
        breaches.breaches(),
        breaches.warnings());
  }

  /**
   * Walks the segments in order. Hashing and parsing are independent per line: segments are scanned
   * in parallel, a window at a time (bounded memory), and their results checked in order.
   */
  private void scan(List<Path> segments, ChainWalk walk) {
    long expectedNumber = -1;
    for (int from = 0; from < segments.size() && !breaches.full(); from += parallelism) {
      List<Path> window = segments.subList(from, Math.min(segments.size(), from + parallelism));
      Path lastSegment = segments.get(segments.size() - 1);
      List<SegmentScan> scans =
          (parallelism == 1 ? window.stream() : window.parallelStream())
              .map(p -> SegmentScan.scan(p, p.equals(lastSegment)))
              .toList();
      for (SegmentScan scan : scans) {
        long number = Segments.number(scan.file());
        if (expectedNumber > 0 && number != expectedNumber) {
          breaches.breach(
              "missing-segment",
              "segment " + Segments.name(expectedNumber) + " is missing",
              Segments.name(expectedNumber),
              0,
              walk.lastSeq() + 1);
        }
        expectedNumber = number + 1;
        walk.check(scan);
        if (breaches.full()) {
          break;
        }
      }
    }
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
    breaches.warn(
        "checked against the directory's own node-key.pub; pass --key with the key exported from"
            + " the node to rule out a rewritten directory");
  }
}
