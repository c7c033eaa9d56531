package dev.mcpfirewall.session;

import dev.mcpfirewall.config.SessionConfig;
import dev.mcpfirewall.pipeline.FailureKind;
import dev.mcpfirewall.pipeline.FirewallFailure;
import dev.mcpfirewall.upstream.UpstreamConnection;
import io.vertx.core.Future;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The agent sessions open on this node. Session ids are 256 bits from a CSPRNG, so a session cannot
 * be guessed; a session id is a handle, never a credential.
 */
public final class SessionRegistry {
  private static final Logger log = LoggerFactory.getLogger(SessionRegistry.class);

  private final ConcurrentHashMap<String, AgentSession> sessions = new ConcurrentHashMap<>();
  private final AtomicInteger count = new AtomicInteger();
  private final SessionConfig config;
  private final Clock clock;
  private final LongSupplier nanoTime;
  private final SecureRandom random = new SecureRandom();

  public SessionRegistry(SessionConfig config, Clock clock, LongSupplier nanoTime) {
    this.config = config;
    this.clock = clock;
    this.nanoTime = nanoTime;
  }

  /**
   * Opens a session bound to {@code upstream} over {@code connection}, usable only by {@code owner}
   * (a principal id).
   *
   * @throws FirewallFailure {@link FailureKind#SESSION_LIMIT} when the node is full
   */
  public AgentSession open(String upstream, String owner, UpstreamConnection connection) {
    if (count.incrementAndGet() > config.maxSessions()) {
      count.decrementAndGet();
      throw new FirewallFailure(
          FailureKind.SESSION_LIMIT,
          "this node has reached its limit of " + config.maxSessions() + " sessions");
    }
    AgentSession session =
        new AgentSession(
            newId(), upstream, owner, connection, clock.instant(), nanoTime.getAsLong());
    sessions.put(session.id(), session);
    return session;
  }

  /**
   * The session with this id, bound to this upstream, refreshed as used.
   *
   * @throws FirewallFailure {@link FailureKind#SESSION_NOT_FOUND} when there is none (expired,
   *     ended, never existed, or opened for another upstream)
   */
  public AgentSession get(String id, String upstream) {
    AgentSession session = id == null ? null : sessions.get(id);
    if (session == null || !session.upstream().equals(upstream)) {
      throw new FirewallFailure(
          FailureKind.SESSION_NOT_FOUND,
          "session not found: it expired or was ended; send initialize to open a new one");
    }
    session.touch(nanoTime.getAsLong());
    return session;
  }

  /** Ends a session and its upstream session. */
  public Future<Void> end(AgentSession session) {
    if (sessions.remove(session.id(), session)) {
      count.decrementAndGet();
      return session.connection().close();
    }
    return Future.succeededFuture();
  }

  /** Ends every session idle for longer than the configured timeout. */
  public int expireIdle() {
    long now = nanoTime.getAsLong();
    long limit = config.idleTimeout().toNanos();
    List<AgentSession> idle = new ArrayList<>();
    for (AgentSession s : sessions.values()) {
      if (now - s.lastUsedNanos() > limit) {
        idle.add(s);
      }
    }
    for (AgentSession s : idle) {
      log.info(
          "session {}… to upstream '{}' ended after idling", s.id().substring(0, 8), s.upstream());
      end(s);
    }
    return idle.size();
  }

  /** Ends every session (shutdown). */
  public Future<Void> endAll() {
    List<Future<Void>> closing = new ArrayList<>();
    for (AgentSession s : List.copyOf(sessions.values())) {
      closing.add(end(s));
    }
    return Future.join(closing).mapEmpty();
  }

  public int size() {
    return count.get();
  }

  private String newId() {
    byte[] bytes = new byte[32];
    random.nextBytes(bytes);
    return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
  }
}
