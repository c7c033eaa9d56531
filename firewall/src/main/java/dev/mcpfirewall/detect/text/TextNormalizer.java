package dev.mcpfirewall.detect.text;

import java.text.Normalizer;

/**
 * Normalises text for scanning: Unicode NFKC (so full-width, ligature and compatibility look-alikes
 * read as their plain forms), with characters that render as nothing removed and counted. ASCII
 * text without escape characters, the common case, passes through without copying.
 *
 * <p>NFKC is applied per cluster (a base character and its combining marks), which keeps an exact
 * mapping from every normalised character back to the original characters it came from.
 */
public final class TextNormalizer {

  private TextNormalizer() {}

  /** Normalises {@code original}. Linear in its length. */
  public static NormalizedText normalize(String original) {
    if (isPlain(original)) {
      return NormalizedText.identity(original);
    }
    return new Pass(original).run();
  }

  private static boolean isPlain(String s) {
    for (int i = 0, n = s.length(); i < n; i++) {
      char c = s.charAt(i);
      if (c >= 0x80 || c == 0x1B) {
        return false;
      }
    }
    return true;
  }

  static boolean isZeroWidth(int cp) {
    return cp == 0x200B
        || cp == 0x200C
        || cp == 0x200D
        || cp == 0x2060
        || (cp >= 0x2061 && cp <= 0x2064)
        || cp == 0xFEFF
        || cp == 0x180E
        || cp == 0x00AD;
  }

  static boolean isBidi(int cp) {
    return cp == 0x200E
        || cp == 0x200F
        || cp == 0x061C
        || (cp >= 0x202A && cp <= 0x202E)
        || (cp >= 0x2066 && cp <= 0x2069);
  }

  static boolean isVariationSelector(int cp) {
    return (cp >= 0xFE00 && cp <= 0xFE0F) || (cp >= 0xE0100 && cp <= 0xE01EF);
  }

  static boolean isTag(int cp) {
    return cp >= 0xE0000 && cp <= 0xE007F;
  }

  private static boolean isMark(int cp) {
    int type = Character.getType(cp);
    return type == Character.NON_SPACING_MARK
        || type == Character.ENCLOSING_MARK
        || type == Character.COMBINING_SPACING_MARK;
  }

  /** One normalisation of one string. */
  private static final class Pass {
    private final String in;
    private final StringBuilder out;
    private int[] starts;
    private int[] ends;
    private int tags;
    private int zeroWidth;
    private int bidi;
    private int selectors;
    private int ansi;
    private StringBuilder smuggled;
    private int smuggledStart = -1;
    private int smuggledEnd;

    Pass(String in) {
      this.in = in;
      this.out = new StringBuilder(in.length());
      this.starts = new int[in.length() + 1];
      this.ends = new int[in.length() + 1];
    }

    NormalizedText run() {
      int n = in.length();
      int i = 0;
      while (i < n) {
        char c = in.charAt(i);
        if (c < 0x80 && c != 0x1B) {
          emit(c, i, i + 1);
          i++;
          continue;
        }
        if (c == 0x1B || c == 0x9B) {
          i = skipAnsi(i);
          ansi++;
          continue;
        }
        int cp = in.codePointAt(i);
        int next = i + Character.charCount(cp);
        if (isTag(cp) && isEmojiFlagTail(i)) {
          // Subdivision flags (England, Scotland, Wales) are U+1F3F4 followed by a few tags and
          // U+E007F: legitimate, kept out of the count and the smuggled text.
          i = flagTailEnd(i);
          continue;
        }
        if (isTag(cp)) {
          tags++;
          if (cp >= 0xE0020 && cp <= 0xE007E) {
            if (smuggled == null) {
              smuggled = new StringBuilder();
              smuggledStart = i;
            }
            smuggled.append((char) (cp - 0xE0000));
            smuggledEnd = next;
          }
        } else if (isZeroWidth(cp)) {
          zeroWidth++;
        } else if (isBidi(cp)) {
          bidi++;
        } else if (isVariationSelector(cp)) {
          selectors++;
        } else {
          int end = next;
          while (end < n) {
            int mark = in.codePointAt(end);
            if (!isMark(mark)) {
              break;
            }
            end += Character.charCount(mark);
          }
          String cluster = in.substring(i, end);
          String normal = Normalizer.normalize(cluster, Normalizer.Form.NFKC);
          for (int k = 0; k < normal.length(); k++) {
            emit(normal.charAt(k), i, end);
          }
          next = end;
        }
        i = next;
      }
      HiddenCharacters hidden = new HiddenCharacters(tags, zeroWidth, bidi, selectors, ansi);
      return new NormalizedText(
          in,
          out.toString(),
          starts,
          ends,
          hidden,
          smuggled == null ? null : smuggled.toString(),
          Math.max(0, smuggledStart),
          smuggledEnd);
    }

    private boolean isEmojiFlagTail(int i) {
      if (i < 2 || in.codePointBefore(i) != 0x1F3F4) {
        return false;
      }
      int end = flagTailEnd(i);
      return end > i && in.codePointBefore(end) == 0xE007F && (end - i) / 2 <= 8;
    }

    /** The index after the run of tag characters starting at {@code i}. */
    private int flagTailEnd(int i) {
      int j = i;
      while (j < in.length() && isTag(in.codePointAt(j))) {
        int cp = in.codePointAt(j);
        j += Character.charCount(cp);
        if (cp == 0xE007F) {
          break;
        }
      }
      return j;
    }

    private void emit(char c, int from, int to) {
      int at = out.length();
      if (at >= starts.length) {
        int size = Math.max(16, starts.length * 2);
        starts = java.util.Arrays.copyOf(starts, size);
        ends = java.util.Arrays.copyOf(ends, size);
      }
      out.append(c);
      starts[at] = from;
      ends[at] = to;
    }

    /** Skips one ANSI escape sequence starting at {@code i}; returns the index after it. */
    private int skipAnsi(int i) {
      int n = in.length();
      char c = in.charAt(i);
      int j;
      if (c == 0x9B) {
        j = i + 1;
      } else if (i + 1 < n && in.charAt(i + 1) == '[') {
        j = i + 2;
      } else if (i + 1 < n && in.charAt(i + 1) == ']') {
        // OSC: up to BEL or ESC \ (hyperlinks and titles carry text; drop the whole sequence).
        j = i + 2;
        while (j < n) {
          char d = in.charAt(j);
          if (d == 0x07) {
            return j + 1;
          }
          if (d == 0x1B && j + 1 < n && in.charAt(j + 1) == '\\') {
            return j + 2;
          }
          j++;
        }
        return n;
      } else {
        return Math.min(n, i + 2);
      }
      // CSI: parameter bytes, intermediate bytes, one final byte.
      while (j < n && in.charAt(j) >= 0x20 && in.charAt(j) <= 0x3F) {
        j++;
      }
      return j < n && in.charAt(j) >= 0x40 && in.charAt(j) <= 0x7E ? j + 1 : j;
    }
  }
}
