package dev.mcpfirewall.metrics;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The values one metric label may take, bounded so that nothing a client sends (a made-up JSON-RPC
 * method, an upstream name in a 404 path) can grow the number of time series without limit. A value
 * is kept as it is when it is one of the expected values, or when it looks like an identifier and
 * fewer than {@code maxExtra} other values have been seen; anything else becomes {@value #OTHER}.
 */
final class BoundedLabel {
  static final String OTHER = "other";
  static final int MAX_VALUE_LENGTH = 64;

  private final Set<String> expected;
  private final Set<String> extra = ConcurrentHashMap.newKeySet();
  private final int maxExtra;

  BoundedLabel(Set<String> expected, int maxExtra) {
    this.expected = Set.copyOf(expected);
    this.maxExtra = maxExtra;
  }

  String of(String value) {
    if (value == null || value.isEmpty()) {
      return "none";
    }
    if (expected.contains(value) || extra.contains(value)) {
      return value;
    }
    if (!looksLikeIdentifier(value)) {
      return OTHER;
    }
    // A race may admit a few values past the bound; the bound still holds to within the number
    // of concurrent callers, which is what matters for cardinality.
    if (extra.size() >= maxExtra) {
      return OTHER;
    }
    extra.add(value);
    return value;
  }

  private static boolean looksLikeIdentifier(String value) {
    if (value.length() > MAX_VALUE_LENGTH) {
      return false;
    }
    for (int i = 0; i < value.length(); i++) {
      char c = value.charAt(i);
      boolean ok =
          (c >= 'a' && c <= 'z')
              || (c >= 'A' && c <= 'Z')
              || (c >= '0' && c <= '9')
              || c == '_'
              || c == '-'
              || c == '.'
              || c == '/';
      if (!ok) {
        return false;
      }
    }
    return true;
  }
}
