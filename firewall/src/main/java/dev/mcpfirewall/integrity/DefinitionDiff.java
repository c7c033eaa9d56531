package dev.mcpfirewall.integrity;

import dev.mcpfirewall.json.CanonicalJson;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeSet;

/**
 * What changed between two definitions of a tool, as a list of JSON pointers with the value before
 * and after: what an admin reads before approving, and what the alert and audit record name.
 */
public final class DefinitionDiff {
  /** Values longer than this are cut in the summary (the full values stay in the diff). */
  static final int SUMMARY_VALUE_CHARS = 120;

  /**
   * One difference.
   *
   * @param pointer where, as an RFC 6901 JSON pointer into the tool object
   * @param before the value before, or null when added
   * @param after the value after, or null when removed
   */
  public record Change(String pointer, Object before, Object after) {}

  private DefinitionDiff() {}

  /** The differences from {@code before} to {@code after}, in pointer order. */
  public static List<Change> between(JsonObject before, JsonObject after) {
    List<Change> changes = new ArrayList<>();
    walk("", before, after, changes);
    return changes;
  }

  /** The changed pointers, comma-separated: a short line for alerts. */
  public static String pointers(List<Change> changes) {
    return String.join(", ", changes.stream().map(Change::pointer).toList());
  }

  /** The changes as JSON: {@code [{"pointer":..., "before":..., "after":...}]}. */
  public static JsonArray toJson(List<Change> changes) {
    JsonArray out = new JsonArray();
    for (Change change : changes) {
      out.add(
          new JsonObject()
              .put("pointer", change.pointer())
              .put("before", change.before())
              .put("after", change.after()));
    }
    return out;
  }

  private static void walk(String pointer, Object before, Object after, List<Change> out) {
    if (before instanceof JsonObject b && after instanceof JsonObject a) {
      TreeSet<String> keys = new TreeSet<>(b.fieldNames());
      keys.addAll(a.fieldNames());
      for (String key : keys) {
        walk(pointer + "/" + escape(key), b.getValue(key), a.getValue(key), out);
      }
    } else if (before instanceof JsonArray b && after instanceof JsonArray a) {
      int n = Math.max(b.size(), a.size());
      for (int i = 0; i < n; i++) {
        walk(
            pointer + "/" + i,
            i < b.size() ? b.getValue(i) : null,
            i < a.size() ? a.getValue(i) : null,
            out);
      }
    } else if (!equalValues(before, after)) {
      out.add(new Change(pointer.isEmpty() ? "/" : pointer, before, after));
    }
  }

  private static boolean equalValues(Object before, Object after) {
    if (before instanceof Number b && after instanceof Number a) {
      return Double.compare(b.doubleValue(), a.doubleValue()) == 0;
    }
    if (before instanceof Map<?, ?> || after instanceof Map<?, ?>) {
      return CanonicalJson.encode(before).equals(CanonicalJson.encode(after));
    }
    return Objects.equals(before, after);
  }

  private static String escape(String key) {
    return key.replace("~", "~0").replace("/", "~1");
  }
}
