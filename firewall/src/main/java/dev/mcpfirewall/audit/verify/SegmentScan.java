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
 * segments are scanned in parallel): each line's header, whether its hash matches its content, and
 * its time.
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
  record Line(
      long number, RecordHeader header, boolean hashMatches, Instant instant, String error) {}

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
    RecordScanner.Scanned scanned;
    try {
      scanned = RecordScanner.scan(b, offset, length);
    } catch (IllegalArgumentException | IndexOutOfBoundsException e) {
      return new Line(number, null, false, null, e.getMessage());
    }
    RecordHeader h = scanned.header();
    String actual = RecordSeal.rehashAt(b, offset, length, scanned.hashMember(), sha256);
    return new Line(number, h, actual != null && actual.equals(h.hash()), instant(h.time()), null);
  }

  /** Parses the writer's ISO-8601 instants quickly; anything unusual goes to Instant.parse. */
  static Instant instant(String t) {
    int n = t.length();
    if (n >= 20
        && t.charAt(4) == '-'
        && t.charAt(7) == '-'
        && t.charAt(10) == 'T'
        && t.charAt(13) == ':'
        && t.charAt(16) == ':'
        && t.charAt(n - 1) == 'Z') {
      try {
        int year = Integer.parseInt(t, 0, 4, 10);
        int month = Integer.parseInt(t, 5, 7, 10);
        int day = Integer.parseInt(t, 8, 10, 10);
        int hour = Integer.parseInt(t, 11, 13, 10);
        int minute = Integer.parseInt(t, 14, 16, 10);
        int second = Integer.parseInt(t, 17, 19, 10);
        int nanos = 0;
        if (n > 20) {
          if (t.charAt(19) != '.' || n - 21 > 9 || n - 21 < 1) {
            return parse(t);
          }
          nanos = Integer.parseInt(t, 20, n - 1, 10);
          for (int k = n - 21; k < 9; k++) {
            nanos *= 10;
          }
        } else if (t.charAt(19) != 'Z') {
          return parse(t);
        }
        if (month < 1
            || month > 12
            || day < 1
            || day > 31
            || hour > 23
            || minute > 59
            || second > 59) {
          return null;
        }
        long days = java.time.LocalDate.of(year, month, day).toEpochDay();
        return Instant.ofEpochSecond(days * 86_400 + hour * 3600L + minute * 60L + second, nanos);
      } catch (RuntimeException e) {
        return parse(t);
      }
    }
    return parse(t);
  }

  private static Instant parse(String t) {
    try {
      return Instant.parse(t);
    } catch (DateTimeParseException e) {
      return null;
    }
  }
}
