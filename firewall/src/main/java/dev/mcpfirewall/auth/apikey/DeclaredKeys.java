package dev.mcpfirewall.auth.apikey;

import dev.mcpfirewall.auth.apikey.KeyStore.ConfigKeySighting;
import dev.mcpfirewall.auth.apikey.KeyStore.Content;
import dev.mcpfirewall.config.AuthConfig.ApiKeyConfig;
import dev.mcpfirewall.config.AuthConfig.KeyPolicy;
import dev.mcpfirewall.config.ConfigException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The keys a node starts with: those declared in the configuration file, checked and dated by their
 * first sighting, and the runtime keys of the key store.
 *
 * <p>The file has no creation time for its keys, and counting their age from each start would let a
 * regularly restarted node keep a key forever. So the key store remembers when this node first saw
 * each declared key (by id and hash: a new secret under the same id is a new key), and the maximum
 * age counts from there.
 *
 * @param entries every key by id
 * @param sightings when each declared key was first seen, to keep in the key store
 */
record DeclaredKeys(Map<String, KeyEntry> entries, List<ConfigKeySighting> sightings) {

  /**
   * @throws ConfigException naming every unusable declared key
   * @throws IllegalStateException if a runtime key has a declared key's id, or is unusable
   */
  static DeclaredKeys load(
      List<ApiKeyConfig> declared, Content stored, KeyPolicy policy, Instant now) {
    List<String> problems = new ArrayList<>();
    Map<String, KeyEntry> entries = new HashMap<>();
    List<ConfigKeySighting> seen = new ArrayList<>();
    for (int i = 0; i < declared.size(); i++) {
      ApiKeyConfig key = declared.get(i);
      String where = "/auth/apiKeys/" + i + " (id '" + key.id() + "'): ";
      if (!ApiKeyFormat.isValidId(key.id())) {
        problems.add(where + "id must be 2 to 32 characters from a-z, 0-9 and '-'");
        continue;
      }
      if (entries.containsKey(key.id())) {
        problems.add(where + "another key above has the same id");
        continue;
      }
      List<String> unusable = unusable(key);
      if (!unusable.isEmpty()) {
        unusable.forEach(p -> problems.add(where + p));
        continue;
      }
      Instant firstSeen =
          stored.configKeys().stream()
              .filter(s -> s.id().equals(key.id()) && s.hash().equals(key.hash()))
              .map(ConfigKeySighting::firstSeen)
              .findFirst()
              .orElse(now);
      entries.put(key.id(), KeyEntry.config(key, firstSeen, policy));
      seen.add(new ConfigKeySighting(key.id(), key.hash(), firstSeen));
    }
    if (!problems.isEmpty()) {
      throw new ConfigException("auth.apiKeys", problems);
    }
    for (StoredApiKey key : stored.keys()) {
      if (entries.containsKey(key.id())) {
        throw new IllegalStateException(
            "API key id '"
                + key.id()
                + "' is declared in auth.apiKeys and also exists in the key store; rename the"
                + " declared key");
      }
      try {
        entries.put(key.id(), KeyEntry.runtime(key, policy));
      } catch (IllegalArgumentException e) {
        throw new IllegalStateException(
            "the key store holds an unusable key '" + key.id() + "': " + e.getMessage(), e);
      }
    }
    return new DeclaredKeys(Map.copyOf(entries), List.copyOf(seen));
  }

  private static List<String> unusable(ApiKeyConfig key) {
    List<String> problems = new ArrayList<>();
    try {
      KeyPepper.parseHash(key.hash());
    } catch (IllegalArgumentException e) {
      problems.add("hash " + e.getMessage());
    }
    for (String cidr : key.scopes().sourceCidrs()) {
      try {
        Cidr.parse(cidr);
      } catch (IllegalArgumentException e) {
        problems.add("scopes.sourceCidrs: " + e.getMessage());
      }
    }
    if (key.owner() == null || key.owner().isBlank()) {
      problems.add("owner must not be empty");
    }
    if (key.roles().isEmpty()) {
      problems.add("roles must name at least one role");
    }
    return problems;
  }
}
