package dev.mcpfirewall.audit.redact;

import dev.mcpfirewall.plugins.api.Finding;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * The default {@link PayloadRedactor}: every string a finding points at is replaced whole by {@code
 * [REDACTED:rule,...]} (findings' spans are in normalized text, which need not map back onto the
 * raw string, so the whole value goes: safe rather than exact), members with credential-like names
 * are replaced, and every other string passes through the {@link SecretPatterns} safety net.
 */
public final class FindingRedactor implements PayloadRedactor {

  @Override
  public Redacted redact(JsonObject message, List<Finding> findings) {
    Map<String, Set<String>> pointed = new HashMap<>();
    for (Finding f : findings) {
      pointed.computeIfAbsent(f.pointer(), p -> new TreeSet<>()).add(f.rule());
    }
    Set<String> rules = new TreeSet<>();
    int[] count = {0};
    JsonObject copy = object(message, "", pointed, rules, count);
    return new Redacted(copy, count[0], List.copyOf(rules));
  }

  /** Redacts an object; returns {@code in} itself when nothing in it changed. */
  private JsonObject object(
      JsonObject in, String pointer, Map<String, Set<String>> pointed, Set<String> rules, int[] n) {
    JsonObject out = null;
    for (Map.Entry<String, Object> e : in) {
      Object value = e.getValue();
      Object redacted;
      if (value instanceof String s && !s.isEmpty() && SecretPatterns.sensitiveName(e.getKey())) {
        redacted = "[REDACTED:sensitive-name]";
        rules.add("sensitive-name");
        n[0]++;
      } else {
        String child = pointed.isEmpty() ? "" : pointer + "/" + escape(e.getKey());
        redacted = value(value, child, pointed, rules, n);
      }
      if (redacted != value && out == null) {
        out = new JsonObject(new java.util.LinkedHashMap<>(in.size() * 2));
        for (Map.Entry<String, Object> before : in) {
          if (before.getKey().equals(e.getKey())) {
            break;
          }
          out.put(before.getKey(), before.getValue());
        }
      }
      if (out != null) {
        out.put(e.getKey(), redacted);
      }
    }
    return out == null ? in : out;
  }

  private Object value(
      Object value, String pointer, Map<String, Set<String>> pointed, Set<String> rules, int[] n) {
    Set<String> here = pointed.isEmpty() ? null : pointed.get(pointer);
    if (here != null && !(value instanceof JsonObject) && !(value instanceof JsonArray)) {
      rules.addAll(here);
      n[0]++;
      return "[REDACTED:" + String.join(",", here) + "]";
    }
    if (value instanceof JsonObject o) {
      if (here != null) {
        // A finding on a container: everything under it goes.
        return redactAll(o, here, rules, n);
      }
      return object(o, pointer, pointed, rules, n);
    }
    if (value instanceof JsonArray a) {
      JsonArray out = null;
      for (int i = 0; i < a.size(); i++) {
        Object item = a.getValue(i);
        Object redacted =
            value(item, pointed.isEmpty() ? "" : pointer + "/" + i, pointed, rules, n);
        if (redacted != item && out == null) {
          out = new JsonArray();
          for (int k = 0; k < i; k++) {
            out.add(a.getValue(k));
          }
        }
        if (out != null) {
          out.add(redacted);
        }
      }
      return out == null ? a : out;
    }
    if (value instanceof String s) {
      Set<String> hit = new TreeSet<>();
      String redacted = SecretPatterns.redact(s, hit);
      if (redacted != s) {
        rules.addAll(hit);
        n[0]++;
      }
      return redacted;
    }
    return value;
  }

  private static JsonObject redactAll(JsonObject o, Set<String> here, Set<String> rules, int[] n) {
    rules.addAll(here);
    n[0]++;
    return new JsonObject().put("redacted", "[REDACTED:" + String.join(",", here) + "]");
  }

  private static String escape(String key) {
    return key.indexOf('~') < 0 && key.indexOf('/') < 0
        ? key
        : key.replace("~", "~0").replace("/", "~1");
  }
}
