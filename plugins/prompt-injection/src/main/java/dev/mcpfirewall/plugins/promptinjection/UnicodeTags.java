package dev.mcpfirewall.plugins.promptinjection;

/**
 * Unicode tag characters (U+E0000 to U+E007F) mirror ASCII and render as nothing: a known way to
 * smuggle instructions past a human. The firewall strips them before detectors run; this finds them
 * when a detector is handed raw text (direct calls, tests) and decodes them to the ASCII they
 * carry.
 */
final class UnicodeTags {
  /** A run of tag characters at {@code [start, end)} and the ASCII it spells. */
  record Run(int start, int end, String decoded) {}

  private UnicodeTags() {}

  /** The first run of tag characters, or null when there is none. */
  static Run find(String text) {
    int at = text.indexOf('\uDB40');
    if (at < 0) {
      return null;
    }
    StringBuilder decoded = new StringBuilder();
    int start = -1;
    int end = -1;
    for (int i = at; i < text.length(); ) {
      int cp = text.codePointAt(i);
      int width = Character.charCount(cp);
      if (cp >= 0xE0000 && cp <= 0xE007F) {
        if (start < 0) {
          start = i;
        }
        end = i + width;
        if (cp >= 0xE0020 && cp <= 0xE007E) {
          decoded.append((char) (cp - 0xE0000));
        }
      } else if (start >= 0 && !Character.isWhitespace(cp)) {
        break;
      }
      i += width;
    }
    return start < 0 ? null : new Run(start, end, decoded.toString());
  }
}
