package dev.mcpfirewall.schema;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Supplier;

/**
 * The compiled schemas by key, least recently used dropped beyond a size. Lookups take a short
 * lock; compiling happens outside it (two threads may compile the same new schema at once; the
 * first stored wins, and both get that one).
 */
final class CompiledSchemaCache {

  private final Map<String, CompiledToolSchema> entries;

  CompiledSchemaCache(int maxSize) {
    this.entries =
        new LinkedHashMap<>(16, 0.75f, true) {
          @Override
          protected boolean removeEldestEntry(Map.Entry<String, CompiledToolSchema> eldest) {
            return size() > maxSize;
          }
        };
  }

  CompiledToolSchema get(String key, Supplier<CompiledToolSchema> compile) {
    synchronized (entries) {
      CompiledToolSchema cached = entries.get(key);
      if (cached != null) {
        return cached;
      }
    }
    CompiledToolSchema compiled = compile.get();
    synchronized (entries) {
      CompiledToolSchema raced = entries.putIfAbsent(key, compiled);
      return raced != null ? raced : compiled;
    }
  }

  int size() {
    synchronized (entries) {
      return entries.size();
    }
  }
}
