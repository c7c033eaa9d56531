package dev.mcpfirewall.audit.verify;

import dev.mcpfirewall.audit.store.RecordHeader;
import java.nio.charset.StandardCharsets;

/**
 * Reads a stored record's chain members and the position of its hash member in one pass over the
 * bytes, without building a JSON tree: the verifier's hot loop. It trusts the canonical shape the
 * writer produces (no whitespace, simple values for the chain members); a line that is not of that
 * shape either fails here or fails its hash check, since the hash covers every byte.
 */
final class RecordScanner {
  private RecordScanner() {}

  /** What one pass found: the header and the offset of the {@code ,"hash":"…"} member. */
  record Scanned(RecordHeader header, int hashMember) {}

  static Scanned scan(byte[] b, int offset, int length) {
    int end = offset + length;
    if (length < 2 || b[offset] != '{' || b[end - 1] != '}') {
      throw new IllegalArgumentException("not a JSON object");
    }
    long seq = -1;
    String prev = null;
    String hash = null;
    String time = null;
    String node = null;
    String event = null;
    int hashMember = -1;
    int depth = 0;
    boolean expectKey = false;
    for (int i = offset; i < end; i++) {
      byte c = b[i];
      if (c == '"') {
        int close = closingQuote(b, i + 1, end);
        if (depth == 1 && expectKey) {
          expectKey = false;
          int keyLength = close - i - 1;
          int value = close + 2; // after '":'
          if (value > end || b[close + 1] != ':') {
            throw new IllegalArgumentException("malformed member");
          }
          switch (keyLength) {
            case 3 -> {
              if (is(b, i + 1, "seq")) {
                seq = number(b, value, end);
              }
            }
            case 4 -> {
              if (is(b, i + 1, "prev")) {
                prev = string(b, value, end);
              } else if (is(b, i + 1, "hash")) {
                hash = string(b, value, end);
                hashMember = i - 1;
              } else if (is(b, i + 1, "time")) {
                time = string(b, value, end);
              } else if (is(b, i + 1, "node")) {
                node = string(b, value, end);
              }
            }
            case 5 -> {
              if (is(b, i + 1, "event")) {
                event = string(b, value, end);
              }
            }
            default -> {}
          }
        }
        i = close;
        continue;
      }
      switch (c) {
        case '{', '[' -> {
          depth++;
          expectKey = depth == 1;
        }
        case '}', ']' -> depth--;
        case ',' -> expectKey = depth == 1;
        default -> {}
      }
    }
    if (depth != 0) {
      throw new IllegalArgumentException("unbalanced JSON");
    }
    if (seq < 1 || prev == null || hash == null || time == null || node == null || event == null) {
      throw new IllegalArgumentException("missing one of seq, prev, hash, time, node, event");
    }
    if (hashMember < offset || b[hashMember] != ',') {
      throw new IllegalArgumentException("the hash member is not where a sealed record has it");
    }
    return new Scanned(new RecordHeader(seq, prev, hash, time, node, event), hashMember);
  }

  private static int closingQuote(byte[] b, int from, int end) {
    for (int i = from; i < end; i++) {
      if (b[i] == '\\') {
        i++;
      } else if (b[i] == '"') {
        return i;
      }
    }
    throw new IllegalArgumentException("unterminated string");
  }

  private static boolean is(byte[] b, int at, String key) {
    for (int k = 0; k < key.length(); k++) {
      if (b[at + k] != key.charAt(k)) {
        return false;
      }
    }
    return true;
  }

  private static String string(byte[] b, int at, int end) {
    if (at >= end || b[at] != '"') {
      throw new IllegalArgumentException("a chain member is not a string");
    }
    int close = closingQuote(b, at + 1, end);
    for (int i = at + 1; i < close; i++) {
      if (b[i] == '\\') {
        throw new IllegalArgumentException("a chain member holds an escape");
      }
    }
    return new String(b, at + 1, close - at - 1, StandardCharsets.UTF_8);
  }

  private static long number(byte[] b, int at, int end) {
    long n = 0;
    int i = at;
    while (i < end && b[i] >= '0' && b[i] <= '9' && i - at < 19) {
      n = n * 10 + (b[i] - '0');
      i++;
    }
    if (i == at || (i < end && b[i] != ',' && b[i] != '}')) {
      throw new IllegalArgumentException("seq is not a whole number");
    }
    return n;
  }
}
