package dev.mcpfirewall.schema;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Supplier;

/**
 * The compiled schemas by key, least recently used dropped beyond a size. A schema that failed to
 * compile is remembered too (compiling is deterministic), so an unusable schema costs one compile,
 * not one per call. Lookups take a short lock; compiling happens outside it (two threads may
 * compile the same new schema at once; the first stored wins, and both get that one).
 */
final class CompiledSchemaCache {

  /** A compiled schema, or why it could not be compiled. */
  private record Outcome(CompiledToolSchema schema, String failure) {
    CompiledToolSchema get() {
      if (schema == null) {
        throw new InvalidToolSchemaException(failure);
      }
      return schema;
    }
  }

  private final Map<String, Outcome> entries;

  CompiledSchemaCache(int maxSize) {
    this.entries =
        new LinkedHashMap<>(16, 0.75f, true) {
          @Override
          protected boolean removeEldestEntry(Map.Entry<String, Outcome> eldest) {
            return size() > maxSize;
          }
        };
  }

  CompiledToolSchema get(String key, Supplier<CompiledToolSchema> compile) {
    synchronized (entries) {
      Outcome cached = entries.get(key);
      if (cached != null) {
        return cached.get();
      }
    }
    Outcome outcome;
    try {
      outcome = new Outcome(compile.get(), null);
    } catch (InvalidToolSchemaException e) {
      outcome = new Outcome(null, e.getMessage());
    }
    synchronized (entries) {
      Outcome raced = entries.putIfAbsent(key, outcome);
      return (raced != null ? raced : outcome).get();
    }
  }

  /**
   * The cached outcome without compiling: the schema, a thrown {@link InvalidToolSchemaException}
   * for a schema that failed before, or null when nothing is cached under {@code key}.
   */
  CompiledToolSchema peek(String key) {
    synchronized (entries) {
      Outcome cached = entries.get(key);
      return cached == null ? null : cached.get();
    }
  }

  int size() {
    synchronized (entries) {
      return entries.size();
    }
  }
}
