package dev.mcpfirewall.audit.store;

import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The segments of a node's chain and the records each holds, oldest first: what retention needs to
 * choose the segments a purge may remove and to describe them in the purge record. The {@link
 * ChainWriter} notes each record it places; confined to its thread.
 */
final class SegmentLedger {
  /** A segment the writer knows about, for retention. */
  record SegmentInfo(Path file, long firstSeq, long lastSeq, String lastTime, String lastHash) {

    /** How a purge record names this segment. */
    Map<String, Object> describe() {
      return Map.of(
          "file", file.getFileName().toString(),
          "firstSeq", firstSeq,
          "lastSeq", lastSeq,
          "lastTime", lastTime,
          "lastHash", lastHash);
    }
  }

  private final List<SegmentInfo> segments = new ArrayList<>();

  /** Starts from the segments found on disk. */
  void resume(ChainState state) {
    for (ChainState.SegmentRange r : state.segments()) {
      segments.add(
          new SegmentInfo(r.file(), r.firstSeq(), r.lastSeq(), r.lastTime(), r.lastHash()));
    }
  }

  /** Notes that record {@code recordSeq} went into segment {@code file}. */
  void placed(Path file, long recordSeq, String time, String hash) {
    if (segments.isEmpty() || segments.get(segments.size() - 1).file() != file) {
      segments.add(new SegmentInfo(file, recordSeq, recordSeq, time, hash));
    } else {
      SegmentInfo s = segments.remove(segments.size() - 1);
      segments.add(new SegmentInfo(s.file(), s.firstSeq(), recordSeq, time, hash));
    }
  }

  /**
   * The oldest segments whose last record is older than {@code cutoff}, stopping at the first that
   * is not, and never {@code current}.
   */
  List<SegmentInfo> olderThan(Instant cutoff, Path current) {
    List<SegmentInfo> due = new ArrayList<>();
    for (SegmentInfo s : segments) {
      if (s.file().equals(current) || !Instant.parse(s.lastTime()).isBefore(cutoff)) {
        break;
      }
      due.add(s);
    }
    return due;
  }

  /** The segment at {@code index}, oldest first. */
  SegmentInfo get(int index) {
    return segments.get(index);
  }

  /** Forgets the {@code count} oldest segments (their files are gone). */
  void dropOldest(int count) {
    segments.subList(0, count).clear();
  }

  /** The time of {@code s}'s first record, or {@code fallback} when it holds none. */
  static String firstRecordTime(SegmentInfo s, String fallback) throws IOException {
    try (BufferedReader r = Files.newBufferedReader(s.file(), StandardCharsets.UTF_8)) {
      String line = r.readLine();
      if (line == null) {
        return fallback;
      }
      byte[] b = line.getBytes(StandardCharsets.UTF_8);
      return RecordHeader.parse(b, 0, b.length).time();
    }
  }
}
