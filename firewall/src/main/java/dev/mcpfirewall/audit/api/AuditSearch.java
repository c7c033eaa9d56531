package dev.mcpfirewall.audit.api;

import dev.mcpfirewall.audit.store.RecordHeader;
import dev.mcpfirewall.audit.store.Segments;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonObject;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads matching records from a node's segments, in sequence order, a page at a time: a page ends
 * after {@code limit} matches and names the sequence number to continue after. Blocking (file I/O):
 * run it on a worker.
 */
public final class AuditSearch {
  private AuditSearch() {}

  /**
   * @param lines the matching records, as stored
   * @param next the sequence number to pass as {@code afterSeq} for the next page, or 0 at the end
   */
  public record Page(List<String> lines, long next) {}

  public static Page search(Path dir, AuditQuery query, long afterSeq, int limit) {
    List<String> found = new ArrayList<>(Math.min(limit, 1024));
    List<Path> segments = Segments.list(dir);
    try {
      for (int i = 0; i < segments.size(); i++) {
        if (i + 1 < segments.size() && firstSeq(segments.get(i + 1)) <= afterSeq + 1) {
          continue; // every record of this segment is at or before the cursor
        }
        try (BufferedReader reader =
            Files.newBufferedReader(segments.get(i), StandardCharsets.UTF_8)) {
          String line;
          while ((line = reader.readLine()) != null) {
            JsonObject record;
            try {
              record = new JsonObject(line);
            } catch (DecodeException partial) {
              break; // a line being written right now
            }
            long seq = record.getLong("seq", 0L);
            if (seq <= afterSeq || !query.matches(record)) {
              continue;
            }
            found.add(line);
            if (found.size() >= limit) {
              return new Page(found, seq);
            }
          }
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read the audit directory " + dir, e);
    }
    return new Page(found, 0);
  }

  private static long firstSeq(Path segment) throws IOException {
    try (BufferedReader reader = Files.newBufferedReader(segment, StandardCharsets.UTF_8)) {
      String line = reader.readLine();
      if (line == null) {
        return Long.MAX_VALUE;
      }
      byte[] b = line.getBytes(StandardCharsets.UTF_8);
      try {
        return RecordHeader.parse(b, 0, b.length).seq();
      } catch (IllegalArgumentException e) {
        return Long.MAX_VALUE;
      }
    }
  }
}
