package dev.mcpfirewall.audit.verify;

import dev.mcpfirewall.audit.store.RecordHeader;
import dev.mcpfirewall.audit.store.RecordSeal;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;

/**
 * The per-line work of verification for one segment, independent of every other segment (so
 * segments are scanned in parallel): each line's header, whether its hash matches its content,
 * and its time.
 *
 * @param tornAt the line number of an incomplete last line, or 0
 * @param readError why the file could not be read, or null
 */
record SegmentScan(Path file, boolean last, List<Line> lines, long tornAt, String readError) {

  /**
   * One line.
   *
   * @param header the chain members, or null when the line is no record ({@code error} says why)
   */
  record Line(long number, RecordHeader header, boolean hashMatches, Instant instant, String error) {}

  static SegmentScan scan(Path file, boolean last) {
    byte[] b;
    try {
      b = Files.readAllBytes(file);
    } catch (IOException e) {
      return new SegmentScan(file, last, List.of(), 0, e.getMessage());
    }
    MessageDigest sha256 = RecordSeal.sha256();
    List<Line> lines = new ArrayList<>(b.length / 512 + 1);
    int start = 0;
    long number = 0;
    while (start < b.length) {
      int end = start;
      while (end < b.length && b[end] != '\n') {
        end++;
      }
      number++;
      if (end == b.length) {
        return new SegmentScan(file, last, lines, number, null);
      }
      lines.add(line(b, start, end - start, number, sha256));
      start = end + 1;
    }
    return new SegmentScan(file, last, lines, 0, null);
  }

  private static Line line(byte[] b, int offset, int length, long number, MessageDigest sha256) {
    RecordHeader h;
    try {
      h = RecordHeader.parse(b, offset, length);
    } catch (IllegalArgumentException e) {
      return new Line(number, null, false, null, e.getMessage());
    }
    String actual = RecordSeal.rehash(b, offset, length, sha256);
    Instant instant;
    try {
      instant = Instant.parse(h.time());
    } catch (DateTimeParseException e) {
      instant = null;
    }
    return new Line(number, h, actual != null && actual.equals(h.hash()), instant, null);
  }
}
