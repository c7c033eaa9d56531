package dev.mcpfirewall.pipeline;

import dev.mcpfirewall.jsonrpc.JsonRpcError;

/**
 * Every way the firewall refuses or fails an exchange, with the one HTTP status and JSON-RPC error
 * it maps to. The {@link #reason()} is a stable, machine-readable code clients can match on.
 */
public enum FailureKind {
  PARSE_ERROR(400, JsonRpcError.PARSE_ERROR, "parse_error"),
  INVALID_REQUEST(400, JsonRpcError.INVALID_REQUEST, "invalid_request"),
  BODY_TOO_LARGE(413, JsonRpcError.INVALID_REQUEST, "body_too_large"),
  UNSUPPORTED_MEDIA_TYPE(415, JsonRpcError.INVALID_REQUEST, "unsupported_media_type"),
  NOT_ACCEPTABLE(406, JsonRpcError.INVALID_REQUEST, "not_acceptable"),
  METHOD_NOT_ALLOWED(405, JsonRpcError.INVALID_REQUEST, "method_not_allowed"),
  FORBIDDEN_ORIGIN(403, JsonRpcError.FORBIDDEN, "forbidden_origin"),
  FORBIDDEN_HOST(403, JsonRpcError.FORBIDDEN, "forbidden_host"),
  UNSUPPORTED_PROTOCOL_VERSION(400, JsonRpcError.INVALID_REQUEST, "unsupported_protocol_version"),
  SESSION_REQUIRED(400, JsonRpcError.SESSION_ERROR, "session_required"),
  SESSION_NOT_FOUND(404, JsonRpcError.SESSION_ERROR, "session_not_found"),
  SESSION_LIMIT(503, JsonRpcError.SESSION_ERROR, "session_limit"),
  UNKNOWN_UPSTREAM(404, JsonRpcError.METHOD_NOT_FOUND, "unknown_upstream"),
  UNAUTHENTICATED(401, JsonRpcError.UNAUTHENTICATED, "unauthenticated"),
  LOCKED_OUT(429, JsonRpcError.UNAUTHENTICATED, "locked_out"),
  FORBIDDEN(403, JsonRpcError.FORBIDDEN, "forbidden"),
  UPSTREAM_FORBIDDEN(403, JsonRpcError.FORBIDDEN, "upstream_forbidden"),
  /** A tools/call the caller may not make: an MCP-level error (HTTP 200) the agent can show. */
  TOOL_FORBIDDEN(200, JsonRpcError.FORBIDDEN, "tool_forbidden"),
  /** A tools/call to a tool whose current definition is not approved (pinning). */
  TOOL_NOT_APPROVED(200, JsonRpcError.FORBIDDEN, "tool_not_approved"),
  /** A tools/call whose arguments do not match the tool's pinned input schema: -32602. */
  INVALID_ARGUMENTS(200, JsonRpcError.INVALID_PARAMS, "invalid_arguments"),
  /** A tool result whose structured content does not match the pinned output schema. */
  INVALID_TOOL_OUTPUT(200, JsonRpcError.UPSTREAM_ERROR, "invalid_tool_output"),
  /**
   * Content policy refused a message (a detector's finding, or a fail-closed detector that could
   * not answer): an MCP-level error (HTTP 200) naming the category and rule, never the matched
   * text.
   */
  CONTENT_BLOCKED(200, JsonRpcError.FORBIDDEN, "content_blocked"),
  UPSTREAM_UNAVAILABLE(502, JsonRpcError.UPSTREAM_ERROR, "upstream_unavailable"),
  UPSTREAM_TIMEOUT(504, JsonRpcError.UPSTREAM_ERROR, "upstream_timeout"),
  UPSTREAM_PROTOCOL_ERROR(502, JsonRpcError.UPSTREAM_ERROR, "upstream_protocol_error"),
  UPSTREAM_SESSION_EXPIRED(404, JsonRpcError.SESSION_ERROR, "upstream_session_expired"),
  NOT_FOUND(404, JsonRpcError.INVALID_PARAMS, "not_found"),
  CONFLICT(409, JsonRpcError.INVALID_PARAMS, "conflict"),
  /** The audit trail cannot take the record, so the exchange is refused (fail closed). */
  AUDIT_UNAVAILABLE(503, JsonRpcError.INTERNAL_ERROR, "audit_unavailable"),
  INTERNAL(500, JsonRpcError.INTERNAL_ERROR, "internal_error");

  private final int httpStatus;
  private final int jsonRpcCode;
  private final String reason;

  FailureKind(int httpStatus, int jsonRpcCode, String reason) {
    this.httpStatus = httpStatus;
    this.jsonRpcCode = jsonRpcCode;
    this.reason = reason;
  }

  public int httpStatus() {
    return httpStatus;
  }

  public int jsonRpcCode() {
    return jsonRpcCode;
  }

  public String reason() {
    return reason;
  }
}
