package dev.mcpfirewall.config;

import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Typed reads of a configuration document's plain values, for binding. The document has passed the
 * schema and the rules by then, so a cast that fails here is a bug in the schema, not an operator's
 * mistake.
 */
final class PlainValues {

  private PlainValues() {}

  static Map<String, Object> object(Map<String, Object> parent, String key) {
    Object value = parent.get(key);
    return value == null ? Map.of() : asObject(value);
  }

  @SuppressWarnings("unchecked")
  static Map<String, Object> asObject(Object value) {
    return (Map<String, Object>) value;
  }

  static List<?> list(Object value) {
    return value == null ? List.of() : (List<?>) value;
  }

  static List<String> strings(Object value, List<String> fallback) {
    return value == null ? fallback : list(value).stream().map(String.class::cast).toList();
  }

  static String string(Object value, String fallback) {
    return value == null ? fallback : (String) value;
  }

  /** A map of strings, in the file's order. */
  static Map<String, String> stringMap(Object value) {
    Map<String, String> map = new LinkedHashMap<>();
    if (value != null) {
      asObject(value).forEach((k, v) -> map.put(k, (String) v));
    }
    return map;
  }

  static int integer(Object value, int fallback) {
    return value == null ? fallback : ((Number) value).intValue();
  }

  static boolean bool(Object value, boolean fallback) {
    return value == null ? fallback : (Boolean) value;
  }

  /** A port written as a number, or as digits (from {@code ${PORT}}). */
  static int port(Object value, int fallback) {
    if (value == null) {
      return fallback;
    }
    return value instanceof String text ? Integer.parseInt(text) : ((Number) value).intValue();
  }

  static Duration duration(Object value, Duration fallback) {
    return value == null ? fallback : DurationParser.parse(value);
  }

  /**
   * A path from the file: an absolute one as written, a relative one resolved against the
   * configuration file's directory, or left relative (to the working directory) when the
   * configuration did not come from a file.
   */
  static Path path(String text, Optional<Path> directory) {
    Path path = Path.of(text);
    if (path.isAbsolute()) {
      return path;
    }
    return directory.map(d -> d.resolve(path)).orElse(path).normalize();
  }
}
