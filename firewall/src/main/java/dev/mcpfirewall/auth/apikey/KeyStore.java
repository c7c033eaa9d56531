package dev.mcpfirewall.auth.apikey;

import java.io.IOException;
import java.time.Instant;
import java.util.List;

/**
 * Where the keys created at run time are kept between restarts (hashes and metadata only), and when
 * this node first saw each key of the configuration file, so that the maximum age of those keys
 * survives restarts.
 *
 * <p>Methods block: the {@link ApiKeyRegistry} calls them off the event loop, one at a time. {@link
 * #save} replaces the whole content and must be atomic: after a crash, either the old or the new
 * content is there.
 */
public interface KeyStore {

  /** The stored content; empty when nothing was stored yet. */
  Content load() throws IOException;

  void save(Content content) throws IOException;

  /**
   * Everything a key store holds.
   *
   * @param keys keys created at run time, revoked and rotated ones included
   * @param configKeys when each configuration-file key was first seen
   */
  record Content(List<StoredApiKey> keys, List<ConfigKeySighting> configKeys) {
    public Content {
      keys = List.copyOf(keys);
      configKeys = List.copyOf(configKeys);
    }

    public static Content empty() {
      return new Content(List.of(), List.of());
    }
  }

  /**
   * A configuration-file key this node has seen: its age counts from {@code firstSeen}. A new hash
   * under the same id is a new key, seen anew.
   */
  record ConfigKeySighting(String id, String hash, Instant firstSeen) {}
}
