package dev.mcpfirewall.plugins.api;

import java.util.List;
import java.util.Map;

/**
 * A detector's configuration object, already validated against the detector's {@link
 * Detector#configSchema()}. Values are plain Java: {@code String}, {@code Number}, {@code Boolean},
 * {@code List}, {@code Map}.
 */
public final class DetectorConfig {
  private final Map<String, Object> values;

  public DetectorConfig(Map<String, Object> values) {
    this.values = values == null ? Map.of() : Map.copyOf(values);
  }

  /** The whole object. */
  public Map<String, Object> asMap() {
    return values;
  }

  public boolean has(String key) {
    return values.containsKey(key);
  }

  public String getString(String key, String fallback) {
    return values.get(key) instanceof String s ? s : fallback;
  }

  public int getInt(String key, int fallback) {
    return values.get(key) instanceof Number n ? n.intValue() : fallback;
  }

  public double getDouble(String key, double fallback) {
    return values.get(key) instanceof Number n ? n.doubleValue() : fallback;
  }

  public boolean getBoolean(String key, boolean fallback) {
    return values.get(key) instanceof Boolean b ? b : fallback;
  }

  /** A list of strings; non-string entries are skipped. */
  public List<String> getStrings(String key) {
    if (!(values.get(key) instanceof List<?> list)) {
      return List.of();
    }
    return list.stream().filter(String.class::isInstance).map(String.class::cast).toList();
  }

  /** A nested object, or an empty one. */
  public DetectorConfig getObject(String key) {
    if (values.get(key) instanceof Map<?, ?> map) {
      @SuppressWarnings("unchecked")
      Map<String, Object> nested = (Map<String, Object>) map;
      return new DetectorConfig(nested);
    }
    return new DetectorConfig(Map.of());
  }

  @Override
  public String toString() {
    return values.toString();
  }
}
