package dev.mcpfirewall.detect.text;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

/**
 * Replaces spans of the strings in a JSON message with markers naming the rule that matched, e.g.
 * {@code [REDACTED:aws-access-key-id]}. Spans are in original characters (see {@link
 * ScanText#toOriginal}); overlapping spans are merged.
 */
public final class Redaction {

  /** One span to replace. */
  public record Span(String pointer, int start, int end, String rule) {}

  private Redaction() {}

  /** The marker written in place of a redacted span. */
  public static String marker(String rule) {
    return "[REDACTED:" + rule + "]";
  }

  /** {@code original} with {@code spans} (all of one string) replaced. */
  public static String apply(String original, List<Span> spans) {
    List<Span> sorted = new ArrayList<>(spans);
    sorted.sort(Comparator.comparingInt(Span::start).thenComparingInt(s -> -s.end()));
    StringBuilder out = new StringBuilder(original.length());
    int at = 0;
    for (Span span : sorted) {
      int start = Math.max(at, Math.min(span.start(), original.length()));
      int end = Math.min(span.end(), original.length());
      if (end <= start && span.end() <= at) {
        continue;
      }
      out.append(original, at, start);
      out.append(marker(span.rule()));
      at = Math.max(start, end);
    }
    out.append(original, at, original.length());
    return out.toString();
  }

  /**
   * Edits {@code root} in place: each pointer's string gets its spans replaced.
   *
   * @return how many strings were changed
   */
  public static int apply(JsonObject root, Map<String, List<Span>> byPointer) {
    int changed = 0;
    for (Map.Entry<String, List<Span>> e : byPointer.entrySet()) {
      if (replace(root, e.getKey(), e.getValue())) {
        changed++;
      }
    }
    return changed;
  }

  private static boolean replace(JsonObject root, String pointer, List<Span> spans) {
    String[] tokens = pointer.substring(1).split("/", -1);
    Object container = root;
    for (int i = 0; i < tokens.length - 1; i++) {
      container = child(container, unescape(tokens[i]));
      if (container == null) {
        return false;
      }
    }
    String last = unescape(tokens[tokens.length - 1]);
    Object current = child(container, last);
    if (!(current instanceof String original)) {
      return false;
    }
    String redacted = apply(original, spans);
    if (container instanceof JsonObject o) {
      o.put(last, redacted);
    } else if (container instanceof Map<?, ?> m) {
      @SuppressWarnings("unchecked")
      Map<String, Object> map = (Map<String, Object>) m;
      map.put(last, redacted);
    } else if (container instanceof JsonArray a) {
      a.set(Integer.parseInt(last), redacted);
    } else if (container instanceof List<?> l) {
      @SuppressWarnings("unchecked")
      List<Object> list = (List<Object>) l;
      list.set(Integer.parseInt(last), redacted);
    } else {
      return false;
    }
    return true;
  }

  private static Object child(Object container, String token) {
    if (container instanceof JsonObject o) {
      return o.getMap().get(token);
    }
    if (container instanceof Map<?, ?> m) {
      return m.get(token);
    }
    List<?> list =
        container instanceof JsonArray a ? a.getList() : container instanceof List<?> l ? l : null;
    if (list == null) {
      return null;
    }
    try {
      int index = Integer.parseInt(token);
      return index >= 0 && index < list.size() ? list.get(index) : null;
    } catch (NumberFormatException e) {
      return null;
    }
  }

  private static String unescape(String token) {
    return token.indexOf('~') < 0 ? token : token.replace("~1", "/").replace("~0", "~");
  }
}
