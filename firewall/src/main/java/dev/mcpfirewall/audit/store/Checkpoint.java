package dev.mcpfirewall.audit.store;

import dev.mcpfirewall.json.CanonicalJson;
import io.vertx.core.json.JsonObject;
import java.nio.charset.StandardCharsets;
import java.security.PublicKey;
import java.util.Base64;
import java.util.HexFormat;
import java.util.TreeMap;

/**
 * A signed statement about a node's chain: "records {@code firstSeq..lastSeq} ({@code count} of
 * them, written between {@code firstTime} and {@code lastTime}) end in the record whose hash is
 * {@code head}; the first of them follows a record whose hash was {@code firstPrev}". Checkpoints
 * are numbered and chained ({@code prev} is the SHA-256 of the previous checkpoint's line), and
 * signed with the node's Ed25519 key over their canonical JSON without {@code sig}. They are kept
 * one per line in {@code checkpoints.jsonl} beside the segments.
 *
 * <p>{@code firstSeq} rises when a retention purge removes old segments: the checkpoint written
 * right after a purge vouches that the chain now legitimately starts there.
 */
public record Checkpoint(
    long number,
    String node,
    String key,
    long firstSeq,
    String firstPrev,
    long lastSeq,
    String head,
    String firstTime,
    String lastTime,
    String time,
    String prev) {

  /** The file checkpoints are appended to, in the audit directory. */
  public static final String FILE = "checkpoints.jsonl";

  /** Records covered: {@code lastSeq - firstSeq + 1}, or 0 for an empty chain. */
  public long count() {
    return lastSeq < firstSeq ? 0 : lastSeq - firstSeq + 1;
  }

  private TreeMap<String, Object> fields() {
    TreeMap<String, Object> f = new TreeMap<>();
    f.put("number", number);
    f.put("node", node);
    f.put("key", key);
    f.put("firstSeq", firstSeq);
    f.put("firstPrev", firstPrev);
    f.put("lastSeq", lastSeq);
    f.put("head", head);
    f.put("count", count());
    f.put("firstTime", firstTime);
    f.put("lastTime", lastTime);
    f.put("time", time);
    f.put("prev", prev);
    return f;
  }

  /** The bytes the signature covers. */
  public byte[] signedBytes() {
    return CanonicalJson.encode(fields()).getBytes(StandardCharsets.UTF_8);
  }

  /** The signed line to store (without newline). */
  public String signedLine(NodeKey signer) {
    TreeMap<String, Object> f = fields();
    f.put("sig", Base64.getEncoder().encodeToString(signer.sign(signedBytes())));
    return CanonicalJson.encode(f);
  }

  /** The SHA-256 (hex) of a stored line, which the next checkpoint's {@code prev} names. */
  public static String lineHash(String line) {
    return HexFormat.of()
        .formatHex(RecordSeal.sha256().digest(line.getBytes(StandardCharsets.UTF_8)));
  }

  /** A stored line and its signature. */
  public record Signed(Checkpoint checkpoint, byte[] signature, String line) {
    /** True when the signature is {@code key}'s over this checkpoint. */
    public boolean verifies(PublicKey key) {
      return NodeKey.verify(key, checkpoint.signedBytes(), signature);
    }
  }

  /**
   * Parses a stored line.
   *
   * @throws IllegalArgumentException when it is not a checkpoint line
   */
  public static Signed parse(String line) {
    try {
      JsonObject o = new JsonObject(line);
      Checkpoint c =
          new Checkpoint(
              o.getLong("number"),
              o.getString("node"),
              o.getString("key"),
              o.getLong("firstSeq"),
              o.getString("firstPrev"),
              o.getLong("lastSeq"),
              o.getString("head"),
              o.getString("firstTime"),
              o.getString("lastTime"),
              o.getString("time"),
              o.getString("prev"));
      if (c.node == null || c.head == null || c.prev == null || c.firstPrev == null) {
        throw new IllegalArgumentException("missing members");
      }
      Long count = o.getLong("count");
      if (count == null || count != c.count()) {
        throw new IllegalArgumentException("count does not match firstSeq..lastSeq");
      }
      if (!CanonicalJson.encode(o).equals(line)) {
        throw new IllegalArgumentException("not canonical JSON");
      }
      return new Signed(c, Base64.getDecoder().decode(o.getString("sig")), line);
    } catch (RuntimeException e) {
      throw new IllegalArgumentException("not a checkpoint line: " + e.getMessage(), e);
    }
  }
}
