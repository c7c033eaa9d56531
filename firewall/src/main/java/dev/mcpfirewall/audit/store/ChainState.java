package dev.mcpfirewall.audit.store;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * What a node's audit directory holds when its writer starts: each segment's range, the chain's
 * head, the latest checkpoint, and a torn last line left by a crash (which recovery cuts off).
 * Reads only the first and last lines of each segment. Blocking.
 */
record ChainState(
    List<SegmentRange> segments,
    long lastSeq,
    String lastHash,
    String lastTime,
    Optional<Checkpoint.Signed> checkpoint,
    long checkpointCount,
    long tornBytes) {

  /** One segment file and the records it holds. */
  record SegmentRange(
      Path file,
      long firstSeq,
      String firstPrev,
      String firstTime,
      long lastSeq,
      String lastTime,
      String lastHash) {}

  static ChainState read(Path dir) throws IOException {
    List<SegmentRange> ranges = new ArrayList<>();
    long tornBytes = 0;
    List<Path> files = Segments.list(dir);
    for (int i = 0; i < files.size(); i++) {
      Path file = files.get(i);
      boolean last = i == files.size() - 1;
      if (last) {
        tornBytes = cutTornLine(file);
      }
      byte[] first = firstLine(file);
      byte[] end = lastLine(file);
      if (first == null || end == null) {
        continue; // an empty segment: the writer died before its first record
      }
      RecordHeader a = RecordHeader.parse(first, 0, first.length);
      RecordHeader b = RecordHeader.parse(end, 0, end.length);
      ranges.add(new SegmentRange(file, a.seq(), a.prev(), a.time(), b.seq(), b.time(), b.hash()));
    }
    Optional<Checkpoint.Signed> checkpoint = Optional.empty();
    long count = 0;
    Path cps = dir.resolve(Checkpoint.FILE);
    if (Files.exists(cps)) {
      cutTornLine(cps);
      List<String> lines = Files.readAllLines(cps, StandardCharsets.UTF_8);
      count = lines.size();
      if (!lines.isEmpty()) {
        checkpoint = Optional.of(Checkpoint.parse(lines.get(lines.size() - 1)));
      }
    }
    SegmentRange tail = ranges.isEmpty() ? null : ranges.get(ranges.size() - 1);
    return new ChainState(
        ranges,
        tail == null ? 0 : tail.lastSeq(),
        tail == null ? RecordSeal.GENESIS : tail.lastHash(),
        tail == null ? null : tail.lastTime(),
        checkpoint,
        count,
        tornBytes);
  }

  /** Cuts bytes after the last newline (a write the crash interrupted); returns how many. */
  private static long cutTornLine(Path file) throws IOException {
    try (RandomAccessFile f = new RandomAccessFile(file.toFile(), "rw")) {
      long length = f.length();
      long pos = length;
      while (pos > 0) {
        f.seek(pos - 1);
        if (f.read() == '\n') {
          break;
        }
        pos--;
      }
      if (pos < length) {
        f.setLength(pos);
        f.getFD().sync();
      }
      return length - pos;
    }
  }

  private static byte[] firstLine(Path file) throws IOException {
    try (RandomAccessFile f = new RandomAccessFile(file.toFile(), "r")) {
      if (f.length() == 0) {
        return null;
      }
      java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
      byte[] buf = new byte[8192];
      int n;
      while ((n = f.read(buf)) > 0) {
        for (int i = 0; i < n; i++) {
          if (buf[i] == '\n') {
            out.write(buf, 0, i);
            return out.toByteArray();
          }
        }
        out.write(buf, 0, n);
      }
      return out.toByteArray();
    }
  }

  private static byte[] lastLine(Path file) throws IOException {
    try (RandomAccessFile f = new RandomAccessFile(file.toFile(), "r")) {
      long end = f.length();
      if (end == 0) {
        return null;
      }
      long stop = end - 1; // the final newline
      long pos = stop;
      while (pos > 0) {
        f.seek(pos - 1);
        if (f.read() == '\n') {
          break;
        }
        pos--;
      }
      byte[] line = new byte[(int) (stop - pos)];
      f.seek(pos);
      f.readFully(line);
      return line;
    }
  }
}
