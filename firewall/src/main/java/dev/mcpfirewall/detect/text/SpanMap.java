package dev.mcpfirewall.detect.text;

/**
 * Maps a span of scanned (normalised or decoded) text back to the span of the original string it
 * came from, so that redaction edits the string the message actually carries.
 */
@FunctionalInterface
public interface SpanMap {

  /** The identity: scanned text is the original. */
  SpanMap IDENTITY = (start, end) -> new int[] {start, end};

  /**
   * @return {@code {start, end}} in the original string; a span inside a decoded run maps to the
   *     whole encoded run
   */
  int[] toOriginal(int start, int end);
}
