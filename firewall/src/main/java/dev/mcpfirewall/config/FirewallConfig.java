package dev.mcpfirewall.config;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * The validated configuration of one firewall node, as read from its YAML file.
 *
 * <p>Instances are produced by {@link ConfigLoader} after the file has passed the JSON Schema in
 * {@code config/schema/mcp-firewall.schema.json}; code that receives one may rely on every field
 * being present and within range.
 *
 * @param source the file this configuration was read from, or empty for an embedded default
 * @param listen where the MCP endpoint listens and which Host and Origin values it accepts
 * @param upstreams the MCP servers agents can reach, by name ({@code /mcp/{name}})
 * @param limits transport limits applied before any message is parsed
 * @param sessions agent session lifetime
 * @param protocolVersions MCP protocol revisions the firewall accepts on its agent side
 */
public record FirewallConfig(
    Optional<Path> source,
    ListenConfig listen,
    List<UpstreamConfig> upstreams,
    LimitsConfig limits,
    SessionConfig sessions,
    List<String> protocolVersions) {

  /** The MCP revisions the firewall understands, newest first. */
  public static final List<String> DEFAULT_PROTOCOL_VERSIONS =
      List.of("2025-11-25", "2025-06-18", "2025-03-26", "2024-11-05");

  public FirewallConfig {
    upstreams = List.copyOf(upstreams);
    protocolVersions = List.copyOf(protocolVersions);
  }

  /** The upstream with this name, if configured. */
  public Optional<UpstreamConfig> upstream(String name) {
    return upstreams.stream().filter(u -> u.name().equals(name)).findFirst();
  }
}
