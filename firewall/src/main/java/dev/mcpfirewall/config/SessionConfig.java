package dev.mcpfirewall.config;

import java.time.Duration;

/**
 * Agent session lifetime.
 *
 * @param idleTimeout a session unused for this long is ended, upstream included
 * @param maxSessions sessions open at once on this node; an initialize beyond it is refused
 */
public record SessionConfig(Duration idleTimeout, int maxSessions) {

  public static final Duration DEFAULT_IDLE_TIMEOUT = Duration.ofMinutes(30);
  public static final int DEFAULT_MAX_SESSIONS = 10_000;

  public static SessionConfig defaults() {
    return new SessionConfig(DEFAULT_IDLE_TIMEOUT, DEFAULT_MAX_SESSIONS);
  }
}
