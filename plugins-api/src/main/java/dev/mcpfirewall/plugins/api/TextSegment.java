package dev.mcpfirewall.plugins.api;

import java.util.Objects;

/**
 * One piece of text from a message, and where it sits.
 *
 * <p>The firewall extracts every string a message carries (tool arguments, results, prompts,
 * sampling messages, tool descriptions), normalises it (Unicode NFKC; zero-width characters,
 * Unicode tag characters and ANSI escapes removed) and decodes nested encodings (base64, hex,
 * percent-encoding) into further segments. Detectors see the normalised text; the firewall maps the
 * spans detectors report back to the original.
 *
 * @param pointer the JSON pointer (RFC 6901) of the string in the message, e.g. {@code
 *     /params/arguments/query}; a decoded segment shares the pointer of the string it was decoded
 *     from
 * @param text the normalised text to inspect
 * @param decodedFrom how this text was obtained from the string at {@code pointer}: {@code null}
 *     for the string itself, else the encoding peeled off ({@link #BASE64}, {@link #HEX}, {@link
 *     #PERCENT}, {@link #UNICODE_TAGS}; nested decodings are joined with {@code "+"}, outermost
 *     first, e.g. {@code "base64+percent"}). All encoded runs of one kind in one string are decoded
 *     into one segment, separated by line breaks.
 */
public record TextSegment(String pointer, String text, String decodedFrom) {

  /** Base64 (standard or URL-safe alphabet) runs of at least 16 characters. */
  public static final String BASE64 = "base64";

  /** Runs of at least 16 hexadecimal digits. */
  public static final String HEX = "hex";

  /** Percent-encoded ({@code %41}) text. */
  public static final String PERCENT = "percent";

  /**
   * Text smuggled in Unicode tag characters (U+E0020 to U+E007E), which render as nothing but map
   * one to one onto ASCII. A segment with this origin is itself suspicious: legitimate text almost
   * never carries tag characters outside emoji flag sequences.
   */
  public static final String UNICODE_TAGS = "unicode-tags";

  public TextSegment {
    Objects.requireNonNull(pointer, "pointer");
    Objects.requireNonNull(text, "text");
  }

  /** A segment holding the string at {@code pointer} itself. */
  public static TextSegment of(String pointer, String text) {
    return new TextSegment(pointer, text, null);
  }

  /** True when this text was decoded from an encoded string. */
  public boolean isDecoded() {
    return decodedFrom != null;
  }
}
