package dev.mcpfirewall.detect.text;

import dev.mcpfirewall.plugins.api.TextSegment;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;

/**
 * Finds encoded runs in a text (base64, hex, percent-encoding) and decodes those that turn out to
 * be text, so detectors also see what an encoding was meant to hide. Random-looking runs (hashes,
 * ids, binary data) decode to non-text and are dropped.
 */
final class EncodedRuns {
  static final int MIN_RUN = 16;

  // One table lookup per character classifies it for both encodings.
  private static final int BASE64 = 1;
  private static final int NOT_HEX = 2;
  private static final int DIGIT_OR_SYMBOL = 4;
  private static final int LOWER = 8;
  private static final int UPPER = 16;
  private static final byte[] KIND = new byte[128];

  static {
    for (char c = 0; c < 128; c++) {
      int kind = 0;
      if (isBase64Char(c)) {
        kind |= BASE64;
        if (!isHex(c)) {
          kind |= NOT_HEX;
        }
        if ((c >= '0' && c <= '9') || c == '+' || c == '/' || c == '-' || c == '_') {
          kind |= DIGIT_OR_SYMBOL;
        }
        if (c >= 'a' && c <= 'z') {
          kind |= LOWER;
        }
        if (c >= 'A' && c <= 'Z') {
          kind |= UPPER;
        }
      }
      KIND[c] = (byte) kind;
    }
  }

  private EncodedRuns() {}

  /**
   * A decoded text: all runs of one encoding in one text, separated by line breaks.
   *
   * @param encoding the {@link TextSegment} encoding name
   * @param text the decoded runs
   * @param pieces per run: {@code {decodedStart, decodedEnd, runStart, runEnd}}
   */
  record Decoded(String encoding, String text, List<int[]> pieces) {

    /** Maps a span of {@link #text} to the encoded run(s) it lies in, in the source's terms. */
    int[] toSource(int start, int end) {
      int from = -1;
      int to = -1;
      for (int[] piece : pieces) {
        boolean overlaps =
            start < piece[1] && end > piece[0] || (start == end && start == piece[0]);
        if (overlaps) {
          from = from < 0 ? piece[2] : Math.min(from, piece[2]);
          to = Math.max(to, piece[3]);
        }
      }
      if (from < 0) {
        int[] last = pieces.get(pieces.size() - 1);
        return new int[] {last[2], last[3]};
      }
      return new int[] {from, to};
    }
  }

  /** Decodes what is decodable in {@code text}, at most {@code budget} characters in all. */
  static List<Decoded> decode(String text, int budget) {
    if (text.length() < 6) {
      return List.of();
    }
    List<Decoded> found = new ArrayList<>(1);
    boolean maybeRuns = text.length() >= MIN_RUN;
    if (text.indexOf('%') >= 0) {
      Decoded percent = percent(text);
      if (percent != null && percent.text().length() <= budget) {
        found.add(percent);
        budget -= percent.text().length();
      }
    }
    if (maybeRuns) {
      runs(text, budget, found);
    }
    return found;
  }

  private static void runs(String text, int budget, List<Decoded> found) {
    StringBuilder base64 = null;
    List<int[]> base64Pieces = null;
    StringBuilder hex = null;
    List<int[]> hexPieces = null;
    int n = text.length();
    int i = 0;
    while (i < n) {
      char first = text.charAt(i);
      if (first >= 128 || KIND[first] == 0) {
        i++;
        continue;
      }
      // A 0x prefix belongs to the hex run's notation, not to its digits.
      if (text.charAt(i) == '0'
          && i + 2 < n
          && (text.charAt(i + 1) == 'x' || text.charAt(i + 1) == 'X')
          && isHex(text.charAt(i + 2))) {
        i += 2;
      }
      int start = i;
      int seen = 0;
      while (i < n) {
        char c = text.charAt(i);
        int kind = c < 128 ? KIND[c] : 0;
        if (kind == 0) {
          break;
        }
        seen |= kind;
        i++;
      }
      boolean allHex = (seen & NOT_HEX) == 0;
      boolean hasDigitOrSymbol = (seen & DIGIT_OR_SYMBOL) != 0;
      boolean hasLower = (seen & LOWER) != 0;
      boolean hasUpper = (seen & UPPER) != 0;
      int end = i;
      while (i < n && text.charAt(i) == '=' && i - end < 2) {
        i++;
      }
      int length = end - start;
      if (length < MIN_RUN) {
        continue;
      }
      if (allHex && length % 2 == 0) {
        String decoded = text(hexBytes(text, start, end));
        if (decoded != null && budget >= decoded.length()) {
          if (hex == null) {
            hex = new StringBuilder();
            hexPieces = new ArrayList<>();
          }
          budget -= decoded.length();
          append(hex, hexPieces, decoded, start, end);
        }
        continue;
      }
      // Ordinary words and identifiers are letters only in one case: not worth decoding.
      if (!hasDigitOrSymbol && !(hasLower && hasUpper)) {
        continue;
      }
      byte[] bytes = base64Bytes(text.substring(start, end));
      String decoded = bytes == null ? null : text(bytes);
      if (decoded != null && budget >= decoded.length()) {
        if (base64 == null) {
          base64 = new StringBuilder();
          base64Pieces = new ArrayList<>();
        }
        budget -= decoded.length();
        append(base64, base64Pieces, decoded, start, i);
      }
    }
    if (base64 != null) {
      found.add(new Decoded(TextSegment.BASE64, base64.toString(), base64Pieces));
    }
    if (hex != null) {
      found.add(new Decoded(TextSegment.HEX, hex.toString(), hexPieces));
    }
  }

  private static void append(
      StringBuilder into, List<int[]> pieces, String decoded, int runStart, int runEnd) {
    if (into.length() > 0) {
      into.append('\n');
    }
    int at = into.length();
    into.append(decoded);
    pieces.add(new int[] {at, into.length(), runStart, runEnd});
  }

  private static Decoded percent(String text) {
    int escapes = 0;
    for (int i = text.indexOf('%'); i >= 0 && i + 2 < text.length(); i = text.indexOf('%', i + 1)) {
      if (isHex(text.charAt(i + 1)) && isHex(text.charAt(i + 2))) {
        escapes++;
      }
    }
    if (escapes < 2) {
      return null;
    }
    byte[] bytes = new byte[text.length() * 3];
    int length = 0;
    int n = text.length();
    for (int i = 0; i < n; i++) {
      char c = text.charAt(i);
      if (c == '%' && i + 2 < n && isHex(text.charAt(i + 1)) && isHex(text.charAt(i + 2))) {
        bytes[length++] = (byte) (hexValue(text.charAt(i + 1)) * 16 + hexValue(text.charAt(i + 2)));
        i += 2;
      } else {
        byte[] utf8 = String.valueOf(c).getBytes(StandardCharsets.UTF_8);
        for (byte b : utf8) {
          bytes[length++] = b;
        }
      }
    }
    String decoded = text(java.util.Arrays.copyOf(bytes, length));
    if (decoded == null || decoded.equals(text)) {
      return null;
    }
    List<int[]> pieces = new ArrayList<>(1);
    pieces.add(new int[] {0, decoded.length(), 0, text.length()});
    return new Decoded(TextSegment.PERCENT, decoded, pieces);
  }

  private static boolean isBase64Char(char c) {
    return (c >= 'A' && c <= 'Z')
        || (c >= 'a' && c <= 'z')
        || (c >= '0' && c <= '9')
        || c == '+'
        || c == '/'
        || c == '-'
        || c == '_';
  }

  private static boolean isHex(char c) {
    return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
  }

  private static int hexValue(char c) {
    return Character.digit(c, 16);
  }

  private static byte[] hexBytes(String text, int start, int end) {
    byte[] bytes = new byte[(end - start) / 2];
    for (int i = 0; i < bytes.length; i++) {
      bytes[i] =
          (byte)
              (hexValue(text.charAt(start + 2 * i)) * 16
                  + hexValue(text.charAt(start + 2 * i + 1)));
    }
    return bytes;
  }

  private static byte[] base64Bytes(String run) {
    String standard = run.replace('-', '+').replace('_', '/');
    int pad = (4 - standard.length() % 4) % 4;
    if (pad == 3) {
      return null;
    }
    try {
      return Base64.getDecoder().decode(standard + "=".repeat(pad));
    } catch (IllegalArgumentException e) {
      return null;
    }
  }

  /** The bytes as text when they are valid UTF-8 and mostly printable, else null. */
  private static String text(byte[] bytes) {
    if (bytes.length < 6) {
      return null;
    }
    CharsetDecoder decoder =
        StandardCharsets.UTF_8
            .newDecoder()
            .onMalformedInput(CodingErrorAction.REPORT)
            .onUnmappableCharacter(CodingErrorAction.REPORT);
    CharBuffer chars;
    try {
      chars = decoder.decode(ByteBuffer.wrap(bytes));
    } catch (CharacterCodingException e) {
      return null;
    }
    int printable = 0;
    int length = chars.length();
    for (int i = 0; i < length; i++) {
      char c = chars.charAt(i);
      if (c == '\n'
          || c == '\r'
          || c == '\t'
          || (c >= 0x20 && c != 0x7F && !(c >= 0x80 && c < 0xA0))) {
        printable++;
      }
    }
    return printable * 100 >= length * 95 ? chars.toString() : null;
  }
}
