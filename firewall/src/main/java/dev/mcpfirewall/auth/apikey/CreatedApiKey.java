package dev.mcpfirewall.auth.apikey;

/**
 * A key just created: the only time its full text exists outside the client. Show it once, then
 * drop it; the firewall keeps only its hash. {@link #toString()} leaves the key out, so it never
 * reaches a log by accident.
 *
 * @param key the full key, {@code mcpfw_<id>_<secret>}
 * @param metadata what the firewall keeps about it
 */
public record CreatedApiKey(String key, ApiKeyMetadata metadata) {
  @Override
  public String toString() {
    return "CreatedApiKey[key=<shown once>, metadata=" + metadata + "]";
  }
}
