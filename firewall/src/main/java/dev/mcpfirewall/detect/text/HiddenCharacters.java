package dev.mcpfirewall.detect.text;

/**
 * What normalisation removed from one string: characters that render as nothing (or reorder what
 * renders) and are therefore a way to hide text from a human reviewer while a model still reads it.
 *
 * @param tags Unicode tag characters (U+E0000 to U+E007F): ASCII smuggling
 * @param zeroWidth zero-width spaces, joiners, word joiners, soft hyphens, BOMs
 * @param bidi bidirectional overrides and isolates (Trojan Source)
 * @param variationSelectors variation selectors, which can also carry smuggled bytes
 * @param ansi ANSI escape sequences (terminal colours, cursor movement, OSC hyperlinks)
 */
public record HiddenCharacters(
    int tags, int zeroWidth, int bidi, int variationSelectors, int ansi) {

  /** Nothing hidden. */
  public static final HiddenCharacters NONE = new HiddenCharacters(0, 0, 0, 0, 0);

  public boolean any() {
    return tags + zeroWidth + bidi + variationSelectors + ansi > 0;
  }
}
