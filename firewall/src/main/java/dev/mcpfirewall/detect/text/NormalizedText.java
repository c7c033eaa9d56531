package dev.mcpfirewall.detect.text;

/**
 * A string as detectors see it: NFKC-normalised, with zero-width, bidi, variation-selector and
 * Unicode tag characters and ANSI escapes removed, plus the mapping back to the original.
 */
public final class NormalizedText implements SpanMap {
  private final String original;
  private final String text;
  private final int[] starts;
  private final int[] ends;
  private final HiddenCharacters hidden;
  private final String smuggled;
  private final int smuggledStart;
  private final int smuggledEnd;

  NormalizedText(
      String original,
      String text,
      int[] starts,
      int[] ends,
      HiddenCharacters hidden,
      String smuggled,
      int smuggledStart,
      int smuggledEnd) {
    this.original = original;
    this.text = text;
    this.starts = starts;
    this.ends = ends;
    this.hidden = hidden;
    this.smuggled = smuggled;
    this.smuggledStart = smuggledStart;
    this.smuggledEnd = smuggledEnd;
  }

  static NormalizedText identity(String original) {
    return new NormalizedText(original, original, null, null, HiddenCharacters.NONE, null, 0, 0);
  }

  public String original() {
    return original;
  }

  /** The normalised text. */
  public String text() {
    return text;
  }

  public HiddenCharacters hidden() {
    return hidden;
  }

  /** The ASCII text carried by Unicode tag characters, or null when there were none. */
  public String smuggled() {
    return smuggled;
  }

  /** Maps any span of {@link #smuggled()} to the original span holding the tag characters. */
  public SpanMap smuggledMap() {
    return (start, end) -> new int[] {smuggledStart, smuggledEnd};
  }

  /** True when the normalised text is the original (the common, allocation-free case). */
  public boolean isIdentity() {
    return starts == null;
  }

  @Override
  public int[] toOriginal(int start, int end) {
    if (starts == null) {
      return new int[] {clamp(start, original.length()), clamp(end, original.length())};
    }
    int n = text.length();
    start = clamp(start, n);
    end = clamp(end, n);
    int from = start < n ? starts[start] : original.length();
    int to = end > start ? ends[end - 1] : from;
    return new int[] {from, Math.max(from, to)};
  }

  private static int clamp(int i, int max) {
    return Math.max(0, Math.min(i, max));
  }
}
