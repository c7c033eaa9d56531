package dev.mcpfirewall.audit;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mcpfirewall.alert.MutableClock;
import dev.mcpfirewall.audit.store.ChainWriter;
import dev.mcpfirewall.audit.store.Checkpoint;
import dev.mcpfirewall.audit.store.NodeKey;
import dev.mcpfirewall.audit.store.RecordSeal;
import dev.mcpfirewall.audit.store.Segments;
import dev.mcpfirewall.audit.verify.ChainVerifier;
import dev.mcpfirewall.audit.verify.VerifyReport;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.io.TempDir;

/**
 * Each way of tampering with a written chain, applied to a copy of one real chain, must make {@code
 * audit verify} report a breach of the expected kind; the untouched copy must verify.
 */
class ChainTamperTest {
  @TempDir static Path root;
  static Path key;
  static Path original;
  static Path older;

  /** A tampering and the breach kinds any of which counts as detecting it. */
  record Tamper(String name, TamperAction action, List<String> kinds) {}

  interface TamperAction {
    Optional<String> apply(Path dir) throws Exception;
  }

  @BeforeAll
  static void writeChain() throws Exception {
    key = root.resolve("keys/audit.key");
    original = root.resolve("original");
    older = root.resolve("older");
    MutableClock clock = new MutableClock();
    ChainWriter first = Chains.open(original, key, clock);
    Chains.append(first, clock, 60);
    Chains.await(first.close());
    Chains.copy(original, older);
    ChainWriter second = Chains.open(original, key, clock);
    Chains.append(second, clock, 60);
    Chains.await(second.close());
    assertThat(Segments.list(original)).hasSizeGreaterThan(5);
  }

  @Test
  void theUntouchedChainVerifies() {
    VerifyReport report = Chains.verify(original, key);
    assertThat(report.breaches()).isEmpty();
    assertThat(report.records()).isEqualTo(122); // 2 starts, 120 requests, no recovery
    assertThat(report.unanchoredRecords()).isZero();
    assertThat(report.keyTrusted()).isTrue();
    assertThat(report.firstTime()).isNotNull();
  }

  @TestFactory
  Stream<DynamicTest> everyTamperingIsDetected() {
    List<Tamper> cases =
        List.of(
            new Tamper(
                "flipped bit in a payload", d -> flip(d, 3, 5, "hello"), List.of("hash-mismatch")),
            new Tamper("flipped bit in a hash", d -> flipHash(d, 2, 4), List.of("hash-mismatch")),
            new Tamper(
                "deleted record",
                d -> edit(d, 2, lines -> lines.remove(3)),
                List.of("sequence-gap")),
            new Tamper(
                "inserted forged record",
                d -> edit(d, 2, ChainTamperTest::insertForged),
                List.of("sequence-gap", "broken-link")),
            new Tamper(
                "two records swapped",
                d -> edit(d, 3, lines -> lines.add(2, lines.remove(3))),
                List.of("sequence-gap")),
            new Tamper(
                "record rewritten and rehashed",
                d -> edit(d, 3, ChainTamperTest::rewriteAndRehash),
                List.of("broken-link", "head-mismatch")),
            new Tamper(
                "last segment truncated", ChainTamperTest::truncateLast, List.of("truncated")),
            new Tamper(
                "middle segment truncated",
                d -> truncate(d, 3),
                List.of("sequence-gap", "malformed-record")),
            new Tamper(
                "middle segment deleted",
                d -> delete(d, 3),
                List.of("missing-segment", "sequence-gap")),
            new Tamper("first segment deleted", d -> delete(d, 1), List.of("unvouched-start")),
            new Tamper("last segment deleted", ChainTamperTest::deleteLast, List.of("truncated")),
            new Tamper(
                "old segment set restored",
                ChainTamperTest::restoreOldSegments,
                List.of("truncated", "head-mismatch")),
            new Tamper(
                "whole old directory restored, checked against an anchor",
                ChainTamperTest::restoreOldDirectory,
                List.of("rollback")),
            new Tamper(
                "checkpoint edited", ChainTamperTest::editCheckpoint, List.of("bad-signature")),
            new Tamper(
                "checkpoint forged with another key",
                ChainTamperTest::forgeCheckpoint,
                List.of("bad-signature")),
            new Tamper(
                "checkpoint removed",
                d -> editCheckpoints(d, l -> l.remove(0)),
                List.of("checkpoint-chain")),
            new Tamper(
                "checkpoints file deleted",
                d -> {
                  Files.delete(d.resolve(Checkpoint.FILE));
                  return Optional.empty();
                },
                List.of("unsigned")));
    return cases.stream()
        .map(
            c ->
                DynamicTest.dynamicTest(
                    c.name(),
                    () -> {
                      Path copy = Files.createTempDirectory(root, "case");
                      Chains.copy(original, copy);
                      Optional<String> anchor = c.action().apply(copy);
                      VerifyReport report =
                          ChainVerifier.verify(
                              copy,
                              new ChainVerifier.Options(
                                  Optional.of(NodeKey.loadOrCreate(key).publicKey()), anchor, 0));
                      assertThat(report.intact()).as(c.name()).isFalse();
                      assertThat(report.breaches())
                          .as(report.toJson().encodePrettily())
                          .anySatisfy(b -> assertThat(c.kinds()).contains(b.kind()));
                    }));
  }

  @Test
  void theReportNamesTheFirstBreachsPosition() throws Exception {
    Path copy = Files.createTempDirectory(root, "position");
    Chains.copy(original, copy);
    flip(copy, 3, 5, "hello");
    JsonObject first =
        ChainVerifier.verify(
                copy, ChainVerifier.Options.trusting(NodeKey.loadOrCreate(key).publicKey()))
            .toJson()
            .getJsonObject("firstBreach");
    assertThat(first.getString("file")).isEqualTo(Segments.name(3));
    assertThat(first.getLong("line")).isEqualTo(5);
    assertThat(first.getLong("seq")).isPositive();
  }

  // ---- tamperings ----

  private static Path segment(Path dir, int n) {
    return dir.resolve(Segments.name(n));
  }

  private static Optional<String> flip(Path dir, int segment, int line, String inside)
      throws IOException {
    List<String> lines = Files.readAllLines(segment(dir, segment), StandardCharsets.UTF_8);
    String l = lines.get(line - 1);
    int at = l.indexOf(inside);
    char[] chars = l.toCharArray();
    chars[at] = (char) (chars[at] ^ 1);
    lines.set(line - 1, new String(chars));
    write(segment(dir, segment), lines);
    return Optional.empty();
  }

  private static Optional<String> flipHash(Path dir, int segment, int line) throws IOException {
    List<String> lines = Files.readAllLines(segment(dir, segment), StandardCharsets.UTF_8);
    String l = lines.get(line - 1);
    int at = l.indexOf("\"hash\":\"") + 8 + 10;
    char[] chars = l.toCharArray();
    chars[at] = chars[at] == '0' ? '1' : (char) (chars[at] ^ 1);
    lines.set(line - 1, new String(chars));
    write(segment(dir, segment), lines);
    return Optional.empty();
  }

  interface LinesEdit {
    void apply(List<String> lines) throws Exception;
  }

  private static Optional<String> edit(Path dir, int segment, LinesEdit edit) throws Exception {
    List<String> lines =
        new ArrayList<>(Files.readAllLines(segment(dir, segment), StandardCharsets.UTF_8));
    edit.apply(lines);
    write(segment(dir, segment), lines);
    return Optional.empty();
  }

  private static void insertForged(List<String> lines) {
    JsonObject forged = new JsonObject(lines.get(2));
    forged.remove("hash");
    forged.put("tool", "delete_everything");
    lines.add(3, new String(reseal(forged), StandardCharsets.UTF_8));
  }

  private static void rewriteAndRehash(List<String> lines) {
    // Rewrites a record consistently (a valid hash of its own) without fixing its successors.
    JsonObject changed = new JsonObject(lines.get(2));
    changed.remove("hash");
    changed.put("tool", "something_else");
    lines.set(2, new String(reseal(changed), StandardCharsets.UTF_8));
  }

  private static byte[] reseal(JsonObject record) {
    return RecordSeal.seal(new TreeMap<>(record.getMap()), RecordSeal.sha256()).line();
  }

  private static Optional<String> truncateLast(Path dir) throws IOException {
    List<Path> segments = Segments.list(dir);
    return truncateFile(segments.get(segments.size() - 1));
  }

  private static Optional<String> truncate(Path dir, int segment) throws IOException {
    return truncateFile(segment(dir, segment));
  }

  private static Optional<String> truncateFile(Path file) throws IOException {
    try (RandomAccessFile f = new RandomAccessFile(file.toFile(), "rw")) {
      f.setLength(f.length() / 2);
    }
    return Optional.empty();
  }

  private static Optional<String> delete(Path dir, int segment) throws IOException {
    Files.delete(segment(dir, segment));
    return Optional.empty();
  }

  private static Optional<String> deleteLast(Path dir) throws IOException {
    List<Path> segments = Segments.list(dir);
    Files.delete(segments.get(segments.size() - 1));
    return Optional.empty();
  }

  private static Optional<String> restoreOldSegments(Path dir) throws IOException {
    for (Path s : Segments.list(dir)) {
      Files.delete(s);
    }
    for (Path s : Segments.list(older)) {
      Files.copy(s, dir.resolve(s.getFileName()));
    }
    return Optional.empty();
  }

  private static Optional<String> restoreOldDirectory(Path dir) throws IOException {
    List<String> current = Files.readAllLines(dir.resolve(Checkpoint.FILE));
    String anchor = current.get(current.size() - 1); // kept elsewhere, e.g. by the SIEM
    try (Stream<Path> files = Files.list(dir)) {
      for (Path f : files.toList()) {
        Files.delete(f);
      }
    }
    Chains.copy(older, dir);
    return Optional.of(anchor);
  }

  private static Optional<String> editCheckpoint(Path dir) throws Exception {
    return editCheckpoints(
        dir,
        lines -> {
          JsonObject cp = new JsonObject(lines.get(1));
          cp.put("lastSeq", cp.getLong("lastSeq") - 1).put("count", cp.getLong("count") - 1);
          lines.set(1, dev.mcpfirewall.json.CanonicalJson.encode(cp));
        });
  }

  private static Optional<String> forgeCheckpoint(Path dir) throws Exception {
    NodeKey attacker = NodeKey.loadOrCreate(Files.createTempDirectory(root, "k").resolve("k"));
    return editCheckpoints(
        dir,
        lines -> {
          Checkpoint c = Checkpoint.parse(lines.get(lines.size() - 1)).checkpoint();
          lines.set(lines.size() - 1, c.signedLine(attacker));
        });
  }

  private static Optional<String> editCheckpoints(Path dir, LinesEdit edit) throws Exception {
    Path file = dir.resolve(Checkpoint.FILE);
    List<String> lines = new ArrayList<>(Files.readAllLines(file, StandardCharsets.UTF_8));
    edit.apply(lines);
    write(file, lines);
    return Optional.empty();
  }

  private static void write(Path file, List<String> lines) throws IOException {
    Files.writeString(file, String.join("\n", lines) + "\n", StandardCharsets.UTF_8);
  }
}
