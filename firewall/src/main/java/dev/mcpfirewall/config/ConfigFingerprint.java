package dev.mcpfirewall.config;

import dev.mcpfirewall.json.CanonicalJson;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;

/**
 * What a configuration file said, section by section, as hashes: enough for the audit trail to
 * record that roles, policies, keys or upstreams changed between two starts, and which, without
 * writing a single value (the file may hold secrets). The file is hashed as written, before {@code
 * ${VAR}} substitution, so secrets kept in the environment never enter the fingerprint.
 *
 * @param source the file, or {@code embedded default}
 * @param sections the SHA-256 of each top-level key's value, in canonical JSON
 */
public record ConfigFingerprint(String source, Map<String, String> sections) {
  /** The source of a configuration that did not come from a file. */
  public static final String EMBEDDED = "embedded default";

  public ConfigFingerprint {
    sections = Map.copyOf(sections);
  }

  /**
   * The fingerprint of the file {@code config} was loaded from; an empty one for the embedded
   * default.
   *
   * @throws IOException when the file cannot be read again
   */
  public static ConfigFingerprint of(FirewallConfig config) throws IOException {
    if (config.source().isEmpty()) {
      return new ConfigFingerprint(EMBEDDED, Map.of());
    }
    String text = Files.readString(config.source().get(), StandardCharsets.UTF_8);
    LoaderOptions options = new LoaderOptions();
    options.setMaxAliasesForCollections(20);
    options.setCodePointLimit(YamlDocument.MAX_CODE_POINTS);
    Object root = new Yaml(new SafeConstructor(options)).load(text);
    Map<String, String> sections = new TreeMap<>();
    if (root instanceof Map<?, ?> map) {
      map.forEach((key, value) -> sections.put(String.valueOf(key), CanonicalJson.sha256(value)));
    }
    return new ConfigFingerprint(config.source().get().toAbsolutePath().toString(), sections);
  }

  /** The top-level sections added, removed or changed since {@code before}, sorted. */
  public List<String> changedSince(ConfigFingerprint before) {
    TreeSet<String> names = new TreeSet<>(sections.keySet());
    names.addAll(before.sections.keySet());
    List<String> changed = new ArrayList<>();
    for (String name : names) {
      if (!java.util.Objects.equals(sections.get(name), before.sections.get(name))) {
        changed.add(name);
      }
    }
    return changed;
  }

  public JsonObject toJson() {
    return new JsonObject()
        .put("source", source)
        .put("sections", new JsonObject(new TreeMap<String, Object>(sections)));
  }

  /**
   * @throws ClassCastException or NullPointerException when {@code json} is not a fingerprint
   */
  public static ConfigFingerprint fromJson(JsonObject json) {
    Map<String, String> sections = new TreeMap<>();
    json.getJsonObject("sections").forEach(e -> sections.put(e.getKey(), (String) e.getValue()));
    return new ConfigFingerprint(json.getString("source"), sections);
  }
}
