package dev.mcpfirewall.audit.store;

import dev.mcpfirewall.json.CanonicalJson;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Map;
import java.util.TreeMap;

/**
 * Seals one audit record: its {@code hash} is the SHA-256 of the record's canonical JSON without
 * the {@code hash} member, and the stored line is that same canonical JSON with {@code "hash":"<64
 * hex>"} inserted at its sorted place. So the line is itself canonical, and a verifier checks a
 * line by removing the one top-level {@code ,"hash":"…"} member and hashing the remaining bytes,
 * without re-encoding anything. Records always carry an {@code event} member, which sorts before
 * {@code hash}, so the member is never the first one.
 */
public final class RecordSeal {
  /** The key of the hash member. */
  public static final String HASH = "hash";

  /** The {@code prev} of a node's first record. */
  public static final String GENESIS = "0".repeat(64);

  private static final HexFormat HEX = HexFormat.of();

  private RecordSeal() {}

  /** A sealed line (without its trailing newline) and its hash. */
  public record Sealed(byte[] line, String hash) {}

  /**
   * Seals {@code fields}, which must not contain {@code hash} and must contain a key sorting before
   * it ({@code event}).
   */
  public static Sealed seal(Map<String, Object> fields, MessageDigest sha256) {
    TreeMap<String, Object> sorted =
        fields instanceof TreeMap<String, Object> t ? t : new TreeMap<>(fields);
    StringBuilder before = new StringBuilder(512);
    StringBuilder after = new StringBuilder(64);
    before.append('{');
    boolean first = true;
    for (Map.Entry<String, Object> e : sorted.entrySet()) {
      boolean late = e.getKey().compareTo(HASH) > 0;
      StringBuilder out = late ? after : before;
      if (!first) {
        out.append(',');
      }
      first = false;
      CanonicalJson.string(out, e.getKey());
      out.append(':');
      CanonicalJson.write(out, e.getValue());
    }
    after.append('}');
    byte[] head = before.toString().getBytes(StandardCharsets.UTF_8);
    byte[] tail = after.toString().getBytes(StandardCharsets.UTF_8);
    sha256.reset();
    sha256.update(head);
    sha256.update(tail);
    String hash = HEX.formatHex(sha256.digest());
    byte[] member = (",\"hash\":\"" + hash + "\"").getBytes(StandardCharsets.US_ASCII);
    byte[] line = new byte[head.length + member.length + tail.length];
    System.arraycopy(head, 0, line, 0, head.length);
    System.arraycopy(member, 0, line, head.length, member.length);
    System.arraycopy(tail, 0, line, head.length + member.length, tail.length);
    return new Sealed(line, hash);
  }

  /**
   * Recomputes a stored line's hash: the SHA-256 of the line without its top-level hash member.
   *
   * @return the hash, or null when the line has no well-formed top-level hash member
   */
  public static String rehash(byte[] line, int offset, int length, MessageDigest sha256) {
    int at = hashMember(line, offset, length);
    if (at < 0) {
      return null;
    }
    sha256.reset();
    sha256.update(line, offset, at - offset);
    int end = at + MEMBER_LENGTH;
    sha256.update(line, end, offset + length - end);
    return HEX.formatHex(sha256.digest());
  }

  /**
   * Like {@link #rehash}, with the hash member's offset already known (a verifier that scanned the
   * line found it); checks that the member is well formed there.
   */
  public static String rehashAt(
      byte[] line, int offset, int length, int member, MessageDigest sha256) {
    if (member < offset || !matches(line, member, offset + length)) {
      return null;
    }
    sha256.reset();
    sha256.update(line, offset, member - offset);
    int end = member + MEMBER_LENGTH;
    sha256.update(line, end, offset + length - end);
    return HEX.formatHex(sha256.digest());
  }

  private static final byte[] KEY = ",\"hash\":\"".getBytes(StandardCharsets.US_ASCII);
  private static final int MEMBER_LENGTH = KEY.length + 64 + 1;

  /** The offset of the top-level {@code ,"hash":"…"} member, or -1. */
  static int hashMember(byte[] b, int offset, int length) {
    int depth = 0;
    boolean inString = false;
    int end = offset + length;
    for (int i = offset; i < end; i++) {
      byte c = b[i];
      if (inString) {
        if (c == '\\') {
          i++;
        } else if (c == '"') {
          inString = false;
        }
        continue;
      }
      switch (c) {
        case '"' -> inString = true;
        case '{', '[' -> depth++;
        case '}', ']' -> depth--;
        case ',' -> {
          if (depth == 1 && matches(b, i, end)) {
            return i;
          }
        }
        default -> {}
      }
    }
    return -1;
  }

  private static boolean matches(byte[] b, int i, int end) {
    if (i + MEMBER_LENGTH > end) {
      return false;
    }
    for (int k = 0; k < KEY.length; k++) {
      if (b[i + k] != KEY[k]) {
        return false;
      }
    }
    return b[i + MEMBER_LENGTH - 1] == '"';
  }

  /** A fresh SHA-256 digest. */
  public static MessageDigest sha256() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is missing from this JVM", e);
    }
  }
}
