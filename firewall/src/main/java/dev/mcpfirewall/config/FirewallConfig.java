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
 * @param dataDir where the node keeps its state (key store, later the audit trail)
 * @param admin the admin plane's listener
 * @param auth authentication: API keys and JWT
 * @param policy authorization: roles and tool classes
 * @param alerts where security alerts are sent
 * @param plugins detector plugins, their settings and the detection policy
 * @param audit the audit trail
 */
public record FirewallConfig(
    Optional<Path> source,
    ListenConfig listen,
    List<UpstreamConfig> upstreams,
    LimitsConfig limits,
    SessionConfig sessions,
    List<String> protocolVersions,
    Path dataDir,
    AdminConfig admin,
    AuthConfig auth,
    PolicyConfig policy,
    AlertsConfig alerts,
    PluginsConfig plugins,
    AuditConfig audit) {

  /** The MCP revisions the firewall understands, newest first. */
  public static final List<String> DEFAULT_PROTOCOL_VERSIONS =
      List.of("2025-11-25", "2025-06-18", "2025-03-26", "2024-11-05");

  /**
   * The data directory when none is configured, relative to the configuration file's directory (to
   * the working directory for the embedded default).
   */
  public static final String DEFAULT_DATA_DIR = "data";

  public FirewallConfig {
    upstreams = List.copyOf(upstreams);
    protocolVersions = List.copyOf(protocolVersions);
  }

  /**
   * A configuration with the bundled detectors and the default audit trail under {@code dataDir}.
   */
  public FirewallConfig(
      Optional<Path> source,
      ListenConfig listen,
      List<UpstreamConfig> upstreams,
      LimitsConfig limits,
      SessionConfig sessions,
      List<String> protocolVersions,
      Path dataDir,
      AdminConfig admin,
      AuthConfig auth,
      PolicyConfig policy,
      AlertsConfig alerts) {
    this(
        source,
        listen,
        upstreams,
        limits,
        sessions,
        protocolVersions,
        dataDir,
        admin,
        auth,
        policy,
        alerts,
        PluginsConfig.defaults());
  }

  /** A configuration with the default audit trail under {@code dataDir}. */
  public FirewallConfig(
      Optional<Path> source,
      ListenConfig listen,
      List<UpstreamConfig> upstreams,
      LimitsConfig limits,
      SessionConfig sessions,
      List<String> protocolVersions,
      Path dataDir,
      AdminConfig admin,
      AuthConfig auth,
      PolicyConfig policy,
      AlertsConfig alerts,
      PluginsConfig plugins) {
    this(
        source,
        listen,
        upstreams,
        limits,
        sessions,
        protocolVersions,
        dataDir,
        admin,
        auth,
        policy,
        alerts,
        plugins,
        AuditConfig.defaults(dataDir));
  }

  /**
   * A copy keeping its state in {@code replaced}: the tool pins, the plugin work directory and the
   * configuration fingerprint (the key store and the audit trail have settings of their own).
   */
  public FirewallConfig withDataDir(Path replaced) {
    return new FirewallConfig(
        source,
        listen,
        upstreams,
        limits,
        sessions,
        protocolVersions,
        replaced,
        admin,
        auth,
        policy,
        alerts,
        plugins,
        audit);
  }

  /** A copy with other audit trail settings. */
  public FirewallConfig withAudit(AuditConfig replaced) {
    return new FirewallConfig(
        source,
        listen,
        upstreams,
        limits,
        sessions,
        protocolVersions,
        dataDir,
        admin,
        auth,
        policy,
        alerts,
        plugins,
        replaced);
  }

  /** A copy with other upstreams. */
  public FirewallConfig withUpstreams(List<UpstreamConfig> replaced) {
    return new FirewallConfig(
        source,
        listen,
        replaced,
        limits,
        sessions,
        protocolVersions,
        dataDir,
        admin,
        auth,
        policy,
        alerts,
        plugins,
        audit);
  }

  /** A copy with another agent-facing listener. */
  public FirewallConfig withListen(ListenConfig replaced) {
    return new FirewallConfig(
        source,
        replaced,
        upstreams,
        limits,
        sessions,
        protocolVersions,
        dataDir,
        admin,
        auth,
        policy,
        alerts,
        plugins,
        audit);
  }

  /** A copy with another admin plane. */
  public FirewallConfig withAdmin(AdminConfig replaced) {
    return new FirewallConfig(
        source,
        listen,
        upstreams,
        limits,
        sessions,
        protocolVersions,
        dataDir,
        replaced,
        auth,
        policy,
        alerts,
        plugins,
        audit);
  }

  /** A copy with other authentication settings. */
  public FirewallConfig withAuth(AuthConfig replaced) {
    return new FirewallConfig(
        source,
        listen,
        upstreams,
        limits,
        sessions,
        protocolVersions,
        dataDir,
        admin,
        replaced,
        policy,
        alerts,
        plugins,
        audit);
  }

  /** A copy with another authorization policy. */
  public FirewallConfig withPolicy(PolicyConfig replaced) {
    return new FirewallConfig(
        source,
        listen,
        upstreams,
        limits,
        sessions,
        protocolVersions,
        dataDir,
        admin,
        auth,
        replaced,
        alerts,
        plugins,
        audit);
  }

  /** A copy with other alert sinks. */
  public FirewallConfig withAlerts(AlertsConfig replaced) {
    return new FirewallConfig(
        source,
        listen,
        upstreams,
        limits,
        sessions,
        protocolVersions,
        dataDir,
        admin,
        auth,
        policy,
        replaced,
        plugins,
        audit);
  }

  /** A copy with other detector plugin settings. */
  public FirewallConfig withPlugins(PluginsConfig replaced) {
    return new FirewallConfig(
        source,
        listen,
        upstreams,
        limits,
        sessions,
        protocolVersions,
        dataDir,
        admin,
        auth,
        policy,
        alerts,
        replaced,
        audit);
  }

  /** The upstream with this name, if configured. */
  public Optional<UpstreamConfig> upstream(String name) {
    return upstreams.stream().filter(u -> u.name().equals(name)).findFirst();
  }
}
