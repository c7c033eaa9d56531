package dev.mcpfirewall.audit.store;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/** Names and lists a node's segment files: {@code segment-000001.jsonl}, numbered from 1. */
public final class Segments {
  private static final Pattern NAME = Pattern.compile("segment-(\\d{6,})\\.jsonl");

  private Segments() {}

  /** The file name of segment {@code number}. */
  public static String name(long number) {
    return String.format("segment-%06d.jsonl", number);
  }

  /** The segment number of a file name, or -1 when it is no segment. */
  public static long number(Path file) {
    Matcher m = NAME.matcher(file.getFileName().toString());
    return m.matches() ? Long.parseLong(m.group(1)) : -1;
  }

  /** The segment files in {@code dir}, by number. Blocking. */
  public static List<Path> list(Path dir) {
    if (!Files.isDirectory(dir)) {
      return List.of();
    }
    try (Stream<Path> files = Files.list(dir)) {
      return files
          .filter(f -> number(f) > 0)
          .sorted(java.util.Comparator.comparingLong(Segments::number))
          .toList();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot list the audit directory " + dir, e);
    }
  }
}
