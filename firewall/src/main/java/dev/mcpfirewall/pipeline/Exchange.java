package dev.mcpfirewall.pipeline;

import dev.mcpfirewall.jsonrpc.JsonRpcMessage;
import dev.mcpfirewall.plugins.api.Finding;
import dev.mcpfirewall.session.AgentSession;
import io.vertx.core.MultiMap;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

/**
 * One agent message on its way through the firewall and what the stages decided about it. Lives on
 * the event loop of the agent's request; not shared between threads.
 */
public final class Exchange {
  private final String upstream;
  private final JsonRpcMessage message;
  private final MultiMap headers;
  private final String remoteAddress;
  private final long startNanos;
  private final DecisionChain decisions = new DecisionChain();
  private AgentSession session;
  private dev.mcpfirewall.auth.Principal principal;
  private List<Finding> findings = List.of();
  private Verdict verdict = Verdict.ALLOW;
  private long auditSeq;

  public Exchange(
      String upstream,
      JsonRpcMessage message,
      MultiMap headers,
      String remoteAddress,
      long startNanos) {
    this.upstream = upstream;
    this.message = message;
    this.headers = headers;
    this.remoteAddress = remoteAddress;
    this.startNanos = startNanos;
  }

  /** The upstream's configured name, from the path {@code /mcp/{upstream}}. */
  public String upstream() {
    return upstream;
  }

  public JsonRpcMessage message() {
    return message;
  }

  /** The agent's HTTP request headers. */
  public MultiMap headers() {
    return headers;
  }

  public String remoteAddress() {
    return remoteAddress;
  }

  /** {@link System#nanoTime()} when the request arrived. */
  public long startNanos() {
    return startNanos;
  }

  public DecisionChain decisions() {
    return decisions;
  }

  /** The agent session, once resolved (or opened, for {@code initialize}); null before. */
  public AgentSession session() {
    return session;
  }

  public void session(AgentSession session) {
    this.session = session;
  }

  /** The verified caller, once the authentication stage ran; null before. */
  public dev.mcpfirewall.auth.Principal principal() {
    return principal;
  }

  public void principal(dev.mcpfirewall.auth.Principal principal) {
    this.principal = principal;
  }

  /**
   * What detectors found in this exchange so far (the request's text first, then each upstream
   * message's), as threat metadata for the audit record.
   */
  public List<Finding> findings() {
    return findings;
  }

  public void addFindings(Collection<Finding> more) {
    if (more.isEmpty()) {
      return;
    }
    List<Finding> all = new ArrayList<>(findings.size() + more.size());
    all.addAll(findings);
    all.addAll(more);
    findings = List.copyOf(all);
  }

  /** The most severe verdict reached on this exchange so far; {@link Verdict#ALLOW} to begin. */
  public Verdict verdict() {
    return verdict;
  }

  /** Raises the verdict to {@code reached} when that is more severe; never lowers it. */
  public void escalate(Verdict reached) {
    if (reached.compareTo(verdict) > 0) {
      verdict = reached;
    }
  }

  private java.util.Map<Class<?>, Object> attachments;

  /** Hands a stage's result to a later stage (the detection stage's judgement to the verdict's). */
  public <T> void attach(Class<T> type, T value) {
    if (attachments == null) {
      attachments = new java.util.HashMap<>(4);
    }
    attachments.put(type, value);
  }

  /** What an earlier stage attached under {@code type}, or null. */
  public <T> T attachment(Class<T> type) {
    return attachments == null ? null : type.cast(attachments.get(type));
  }

  /** The sequence number of this exchange's request record in the audit trail; 0 before. */
  public long auditSeq() {
    return auditSeq;
  }

  public void auditSeq(long seq) {
    this.auditSeq = seq;
  }
}
