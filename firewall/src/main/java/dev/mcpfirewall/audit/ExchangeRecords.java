package dev.mcpfirewall.audit;

import dev.mcpfirewall.auth.Principal;
import dev.mcpfirewall.jsonrpc.JsonRpcMessage;
import dev.mcpfirewall.pipeline.Decision;
import dev.mcpfirewall.pipeline.Exchange;
import dev.mcpfirewall.pipeline.FirewallFailure;
import dev.mcpfirewall.plugins.api.Finding;
import io.vertx.core.AsyncResult;
import io.vertx.core.http.HttpServerRequest;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Builds the audit events of exchanges: the agent's message (written ahead of forwarding), each
 * upstream message after the response stages, and refusals. Runs on the event loop and only gathers
 * references; encoding and redaction happen on the writer thread.
 */
public final class ExchangeRecords {
  private ExchangeRecords() {}

  /** The record of an agent message about to be forwarded. */
  public static AuditEvent agentMessage(Exchange exchange) {
    JsonRpcMessage message = exchange.message();
    AuditEvent event = AuditEvent.of("agent." + kind(message));
    common(event, exchange);
    message(event, message);
    event.payload(message.json(), exchange.findings());
    return event;
  }

  /** The record of an upstream message after the response stages, delivered or blocked. */
  public static AuditEvent upstreamMessage(
      Exchange exchange, JsonRpcMessage received, AsyncResult<JsonRpcMessage> outcome) {
    AuditEvent event = AuditEvent.of("upstream." + kind(received));
    common(event, exchange);
    message(event, received);
    if (exchange.auditSeq() > 0) {
      event.with("requestSeq", exchange.auditSeq());
    }
    if (exchange.message() != null && exchange.message().isRequest()) {
      event.with("requestMethod", exchange.message().method());
      event.with("requestId", String.valueOf(exchange.message().id()));
      event.with("tool", tool(exchange.message()));
    }
    event.with("latencyMicros", (System.nanoTime() - exchange.startNanos()) / 1000);
    if (outcome.succeeded()) {
      event.with("outcome", "delivered");
      event.payload(outcome.result().json(), exchange.findings());
    } else {
      FirewallFailure f = FirewallFailure.of(outcome.cause());
      event.with("outcome", "blocked");
      event.with("reason", f.kind().reason());
      f.detail().ifPresent(d -> event.with("detail", d));
      event.payload(received.json(), exchange.findings());
    }
    return event;
  }

  /** The record of a refused or failed exchange. */
  public static AuditEvent refusal(HttpServerRequest request, Exchange exchange, Throwable e) {
    FirewallFailure f = FirewallFailure.of(e);
    boolean forwarded = exchange != null && exchange.auditSeq() > 0;
    AuditEvent event = AuditEvent.of(forwarded ? "failure" : "refusal");
    event.with("reason", f.kind().reason());
    f.detail().ifPresent(d -> event.with("detail", d));
    event.with("status", f.kind().httpStatus());
    event.with("http", Map.of("method", request.method().name(), "path", request.path()));
    if (exchange == null) {
      event.with("remote", request.remoteAddress() == null ? null : request.remoteAddress().host());
      return event;
    }
    common(event, exchange);
    if (forwarded) {
      event.with("requestSeq", exchange.auditSeq());
      event.with("latencyMicros", (System.nanoTime() - exchange.startNanos()) / 1000);
    }
    if (exchange.message() != null) {
      message(event, exchange.message());
      if (!forwarded) {
        // Refused before the write-ahead record: the message is recorded here, redacted.
        event.payload(exchange.message().json(), exchange.findings());
      }
    }
    return event;
  }

  private static void common(AuditEvent event, Exchange exchange) {
    Principal p = exchange.principal();
    if (p != null) {
      event.with("principal", p.id());
      p.keyId().ifPresent(k -> event.with("keyId", k));
      event.with("roles", p.roles().stream().sorted().toList());
    }
    if (exchange.session() != null) {
      event.with("session", exchange.session().id());
    }
    event.with("upstream", exchange.upstream());
    event.with("remote", exchange.remoteAddress());
    event.with("decisions", decisions(exchange.decisions().decisions()));
    if (!exchange.findings().isEmpty()) {
      event.with("findings", findings(exchange.findings()));
    }
    event.with("verdict", exchange.verdict().label());
  }

  private static void message(AuditEvent event, JsonRpcMessage message) {
    event.with("kind", kind(message));
    event.with("method", message.method());
    if (message.id() != null) {
      event.with("id", String.valueOf(message.id()));
    }
    event.with("tool", tool(message));
  }

  private static String tool(JsonRpcMessage message) {
    if ("tools/call".equals(message.method()) && message.params() != null) {
      return message.params().getValue("name") instanceof String s ? s : null;
    }
    return null;
  }

  private static String kind(JsonRpcMessage message) {
    return message == null ? "message" : message.kind().name().toLowerCase(java.util.Locale.ROOT);
  }

  private static List<Map<String, Object>> decisions(List<Decision> decisions) {
    List<Map<String, Object>> out = new ArrayList<>(decisions.size());
    for (Decision d : decisions) {
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("stage", d.stage());
      m.put("outcome", d.outcome().name().toLowerCase(java.util.Locale.ROOT));
      if (!d.reason().isEmpty()) {
        m.put("reason", d.reason());
      }
      m.put("nanos", d.nanos());
      out.add(m);
    }
    return out;
  }

  /** Findings as threat metadata: never the matched text, not even the detector's excerpt. */
  static List<Map<String, Object>> findings(List<Finding> findings) {
    List<Map<String, Object>> out = new ArrayList<>(findings.size());
    for (Finding f : findings) {
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("category", f.category());
      m.put("severity", f.severity().name().toLowerCase(java.util.Locale.ROOT));
      m.put("rule", f.rule());
      m.put("confidence", f.confidence());
      m.put("pointer", f.pointer());
      m.put("start", f.start());
      m.put("end", f.end());
      out.add(m);
    }
    return out;
  }
}
