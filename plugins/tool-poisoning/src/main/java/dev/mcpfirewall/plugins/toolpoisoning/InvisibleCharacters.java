package dev.mcpfirewall.plugins.toolpoisoning;

/**
 * Characters that render as nothing or reorder text: zero-width characters, bidirectional controls,
 * Unicode tag characters (which spell ASCII invisibly). The firewall strips them before detectors
 * see a text, so this matters when a detector is handed raw text (direct calls, tests, other
 * hosts); tag characters are decoded so the hidden message shows in the excerpt.
 */
final class InvisibleCharacters {
  /** What was found: how many, where the first and last are, and the ASCII the tags spell. */
  record Found(int count, int first, int last, boolean tags, String decoded) {}

  private InvisibleCharacters() {}

  static Found in(String text) {
    // Every invisible character is U+00AD or above; most texts have none, so look cheaply first.
    int from = 0;
    int n = text.length();
    while (from < n && text.charAt(from) < 0xAD) {
      from++;
    }
    if (from == n) {
      return null;
    }
    int count = 0;
    int first = -1;
    int last = -1;
    boolean tags = false;
    StringBuilder decoded = null;
    for (int i = from; i < n; ) {
      int cp = text.codePointAt(i);
      int width = Character.charCount(cp);
      if (invisible(cp)) {
        count++;
        if (first < 0) {
          first = i;
        }
        last = i + width;
        if (cp >= 0xE0000 && cp <= 0xE007F) {
          tags = true;
          if (decoded == null) {
            decoded = new StringBuilder();
          }
          if (cp >= 0xE0020 && cp <= 0xE007E) {
            decoded.append((char) (cp - 0xE0000));
          }
        }
      }
      i += width;
    }
    return count == 0
        ? null
        : new Found(count, first, last, tags, decoded == null ? "" : decoded.toString());
  }

  private static boolean invisible(int cp) {
    return (cp >= 0x200B && cp <= 0x200F)
        || (cp >= 0x202A && cp <= 0x202E)
        || (cp >= 0x2060 && cp <= 0x2064)
        || (cp >= 0x2066 && cp <= 0x2069)
        || cp == 0xFEFF
        || cp == 0x00AD
        || cp == 0x180E
        || (cp >= 0xE0000 && cp <= 0xE007F);
  }
}
