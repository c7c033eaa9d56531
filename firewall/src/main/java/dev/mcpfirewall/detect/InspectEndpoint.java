package dev.mcpfirewall.detect;

import dev.mcpfirewall.auth.Credentials;
import dev.mcpfirewall.auth.Principal;
import dev.mcpfirewall.config.ListenConfig;
import dev.mcpfirewall.detect.text.Redaction;
import dev.mcpfirewall.detect.text.ScanText;
import dev.mcpfirewall.pipeline.FailureKind;
import dev.mcpfirewall.pipeline.FirewallFailure;
import dev.mcpfirewall.plugins.api.Direction;
import dev.mcpfirewall.plugins.api.Finding;
import dev.mcpfirewall.transport.FailureResponses;
import dev.mcpfirewall.transport.TransportGuard;
import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.Promise;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import java.util.List;
import java.util.Locale;
import java.util.function.Supplier;

/**
 * {@code POST /v1/inspect} on the agent-facing listener: an agent submits text that never crosses
 * MCP (its user's message, its model's answer, a tool description it was given) and gets the
 * verdict, the findings and the redacted text back. Authenticated exactly like {@code /mcp}: the
 * credential is checked before the body is read.
 *
 * <pre>
 * POST /v1/inspect
 * {"text": "...", "direction": "inbound" | "outbound" | "tool-description",
 *  "upstream": "optional", "tool": "optional"}
 *
 * 200 {"verdict": "redact", "findings": [{"category": "secret", "severity": "high",
 *      "rule": "aws-access-key-id", "confidence": 0.9, "start": 12, "end": 32,
 *      "excerpt": "AKIA…MPLE", "detector": "secrets", "verdict": "redact"}],
 *      "redacted": "my key is [REDACTED:aws-access-key-id]"}
 * </pre>
 *
 * Every answered inspection is handed to the {@link InspectionRecord.Recorder} (the audit trail).
 */
public final class InspectEndpoint implements Handler<RoutingContext> {
  public static final String PATH = "/v1/inspect";

  private final TransportGuard guard;
  private final Credentials credentials;
  private final ContentScanner scanner;
  private final int maxBodyBytes;
  private final int maxChars;
  private final Supplier<InspectionRecord.Recorder> recorder;

  public InspectEndpoint(
      ListenConfig listen,
      Credentials credentials,
      ContentScanner scanner,
      int maxBodyBytes,
      int maxChars,
      Supplier<InspectionRecord.Recorder> recorder) {
    this.guard = new TransportGuard(listen);
    this.credentials = credentials;
    this.scanner = scanner;
    this.maxBodyBytes = maxBodyBytes;
    this.maxChars = maxChars;
    this.recorder = recorder;
  }

  @Override
  public void handle(RoutingContext rc) {
    HttpServerRequest request = rc.request();
    long start = System.nanoTime();
    try {
      guard.checkOrigin(request);
    } catch (FirewallFailure failure) {
      FailureResponses.write(request, failure, null);
      return;
    }
    request.pause();
    String remote = request.remoteAddress() == null ? null : request.remoteAddress().host();
    credentials
        .verify(request.getHeader(HttpHeaders.AUTHORIZATION), remote)
        .onFailure(e -> FailureResponses.write(request, e, null))
        .onSuccess(
            principal -> {
              checkContentType(request)
                  .compose(v -> body(request))
                  .compose(body -> inspect(principal, remote, body, start))
                  .onSuccess(
                      answer ->
                          request
                              .response()
                              .putHeader(HttpHeaders.CONTENT_TYPE, "application/json")
                              .end(answer.toBuffer()))
                  .onFailure(e -> FailureResponses.write(request, e, null));
              request.resume();
            });
  }

  private static Future<Void> checkContentType(HttpServerRequest request) {
    String type = request.getHeader(HttpHeaders.CONTENT_TYPE);
    if (type != null && !type.toLowerCase(Locale.ROOT).startsWith("application/json")) {
      return Future.failedFuture(
          new FirewallFailure(
              FailureKind.UNSUPPORTED_MEDIA_TYPE,
              "POST /v1/inspect takes Content-Type: application/json"));
    }
    return Future.succeededFuture();
  }

  private Future<Buffer> body(HttpServerRequest request) {
    Promise<Buffer> done = Promise.promise();
    Buffer body = Buffer.buffer();
    request.handler(
        chunk -> {
          if (body.length() + chunk.length() > maxBodyBytes) {
            request.handler(null);
            done.tryFail(
                new FirewallFailure(
                    FailureKind.BODY_TOO_LARGE,
                    "inspection request larger than " + maxBodyBytes + " bytes"));
            return;
          }
          body.appendBuffer(chunk);
        });
    request.endHandler(v -> done.tryComplete(body));
    request.exceptionHandler(done::tryFail);
    return done.future();
  }

  private Future<JsonObject> inspect(Principal principal, String remote, Buffer body, long start) {
    JsonObject json;
    try {
      json = body.toJsonObject();
    } catch (DecodeException | ClassCastException e) {
      return invalid("the body must be a JSON object: {\"text\": \"...\", \"direction\": ...}");
    }
    if (json == null || !(json.getValue("text") instanceof String text)) {
      return invalid("\"text\" is required and must be a string");
    }
    Direction direction = direction(json.getValue("direction"));
    if (direction == null) {
      return invalid(
          "\"direction\" is required: \"inbound\" (a user or agent message), \"outbound\" (what a"
              + " tool or model returned) or \"tool-description\"");
    }
    String upstream = optional(json, "upstream");
    String tool = optional(json, "tool");
    if (upstream == null || tool == null) {
      return invalid("\"upstream\" and \"tool\", when given, must be strings");
    }
    if (text.length() > maxChars) {
      return Future.failedFuture(
          new FirewallFailure(
              FailureKind.BODY_TOO_LARGE,
              "\"text\" is longer than " + maxChars + " characters; split it"));
    }
    Future<ScanText> scanText =
        text.length() <= InboundDetection.INLINE_EXTRACTION_BYTES
            ? Future.succeededFuture(ScanText.builder().add("/text", text).build())
            : OffLoop.run(scanner, () -> ScanText.builder().add("/text", text).build());
    return scanText
        .compose(t -> scanner.scan(t, direction, "inspect", upstream, tool, principal.roles()))
        .map(
            judgement -> {
              recorder
                  .get()
                  .record(
                      new InspectionRecord(
                          principal,
                          remote,
                          direction,
                          upstream,
                          tool,
                          text.length(),
                          judgement,
                          System.nanoTime() - start));
              return answer(text, judgement);
            });
  }

  private static JsonObject answer(String text, Judgement judgement) {
    JsonArray findings = new JsonArray();
    for (JudgedFinding j : judgement.findings()) {
      Finding f = j.finding();
      JsonObject finding =
          new JsonObject()
              .put("category", f.category())
              .put("severity", f.severity().name().toLowerCase(Locale.ROOT))
              .put("rule", f.rule())
              .put("confidence", f.confidence())
              .put("start", f.start())
              .put("end", f.end())
              .put("excerpt", f.excerpt())
              .put("detector", j.detector())
              .put("verdict", j.verdict().label());
      if (f.decodedFrom() != null) {
        finding.put("decodedFrom", f.decodedFrom());
      }
      findings.add(finding);
    }
    List<Redaction.Span> spans = judgement.redactions().getOrDefault("/text", List.of());
    return new JsonObject()
        .put("verdict", judgement.verdict().label())
        .put("findings", findings)
        .put("redacted", spans.isEmpty() ? text : Redaction.apply(text, spans));
  }

  private static Direction direction(Object value) {
    if (!(value instanceof String s)) {
      return null;
    }
    return switch (s) {
      case "inbound" -> Direction.INBOUND;
      case "outbound" -> Direction.OUTBOUND;
      case "tool-description" -> Direction.TOOL_DESCRIPTION;
      default -> null;
    };
  }

  private static String optional(JsonObject json, String key) {
    Object value = json.getValue(key);
    return value == null ? "" : value instanceof String s ? s : null;
  }

  private static <T> Future<T> invalid(String message) {
    return Future.failedFuture(
        new FirewallFailure(FailureKind.INVALID_REQUEST, "invalid inspection request: " + message));
  }
}
