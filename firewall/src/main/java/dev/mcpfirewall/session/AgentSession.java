package dev.mcpfirewall.session;

import dev.mcpfirewall.upstream.UpstreamConnection;
import java.time.Instant;

/**
 * An MCP session as the agent sees it: the firewall's own session id, bound to one upstream
 * session. All per-session state lives here, so that the kill switch, the session-binding check and
 * the audit can find it.
 */
public final class AgentSession {
  private final String id;
  private final String upstream;
  private final String owner;
  private final UpstreamConnection connection;
  private final Instant created;
  private volatile long lastUsedNanos;
  private volatile String protocolVersion;
  private volatile boolean initialized;
  private volatile boolean toolsChanged;

  AgentSession(
      String id,
      String upstream,
      String owner,
      UpstreamConnection connection,
      Instant created,
      long nowNanos) {
    this.id = id;
    this.upstream = upstream;
    this.owner = owner;
    this.connection = connection;
    this.created = created;
    this.lastUsedNanos = nowNanos;
  }

  /** The id the agent sends as {@code Mcp-Session-Id}; unguessable, never the upstream's. */
  public String id() {
    return id;
  }

  /** The name of the upstream this session is bound to. */
  public String upstream() {
    return upstream;
  }

  /** The id of the principal that opened the session; only it may use the session. */
  public String owner() {
    return owner;
  }

  public UpstreamConnection connection() {
    return connection;
  }

  public Instant created() {
    return created;
  }

  /** The protocol revision the upstream agreed to in {@code initialize}, once known. */
  public String protocolVersion() {
    return protocolVersion;
  }

  public void protocolVersion(String version) {
    this.protocolVersion = version;
  }

  /** True once the upstream answered {@code initialize} successfully. */
  public boolean initialized() {
    return initialized;
  }

  public void markInitialized() {
    this.initialized = true;
  }

  /** Notes that the upstream announced a changed tool list on this session. */
  public void markToolsChanged() {
    this.toolsChanged = true;
  }

  /** True (once) when the upstream announced a changed tool list since the last call to this. */
  public boolean takeToolsChanged() {
    if (!toolsChanged) {
      return false;
    }
    toolsChanged = false;
    return true;
  }

  long lastUsedNanos() {
    return lastUsedNanos;
  }

  void touch(long nowNanos) {
    this.lastUsedNanos = nowNanos;
  }
}
