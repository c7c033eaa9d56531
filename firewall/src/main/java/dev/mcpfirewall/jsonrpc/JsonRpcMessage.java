package dev.mcpfirewall.jsonrpc;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import java.util.Objects;

/**
 * One JSON-RPC 2.0 message as it crossed the wire: the parsed object for inspection and the exact
 * bytes for forwarding. Forwarding the original bytes keeps fields the firewall does not know
 * (newer MCP revisions) untouched and saves re-encoding on the hot path.
 */
public final class JsonRpcMessage {

  /** What a message is, by the members it carries. */
  public enum Kind {
    REQUEST,
    NOTIFICATION,
    RESPONSE
  }

  private final JsonObject json;
  private final Kind kind;
  private Buffer raw;

  private JsonRpcMessage(JsonObject json, Kind kind, Buffer raw) {
    this.json = json;
    this.kind = kind;
    this.raw = raw;
  }

  /**
   * Wraps an already parsed object, checking that it is a JSON-RPC 2.0 message.
   *
   * @param raw the bytes it was parsed from, or null to encode on demand
   * @throws JsonRpcException with {@link JsonRpcError#INVALID_REQUEST} when it is not one
   */
  public static JsonRpcMessage of(JsonObject json, Buffer raw) {
    return new JsonRpcMessage(json, kindOf(json), raw);
  }

  /** Builds a response carrying a result. */
  public static JsonRpcMessage result(Object id, JsonObject result) {
    return new JsonRpcMessage(
        new JsonObject().put("jsonrpc", "2.0").put("id", id).put("result", result),
        Kind.RESPONSE,
        null);
  }

  /** Builds an error response; {@code id} may be null when the request's id is unknown. */
  public static JsonRpcMessage error(Object id, int code, String message, JsonObject data) {
    JsonObject error = new JsonObject().put("code", code).put("message", message);
    if (data != null) {
      error.put("data", data);
    }
    return new JsonRpcMessage(
        new JsonObject().put("jsonrpc", "2.0").put("id", id).put("error", error),
        Kind.RESPONSE,
        null);
  }

  private static Kind kindOf(JsonObject json) {
    if (!"2.0".equals(json.getValue("jsonrpc"))) {
      throw new JsonRpcException(JsonRpcError.INVALID_REQUEST, "\"jsonrpc\" must be \"2.0\"");
    }
    Object id = json.getValue("id");
    if (id != null && !(id instanceof String) && !(id instanceof Number)) {
      throw new JsonRpcException(JsonRpcError.INVALID_REQUEST, "\"id\" must be a string or number");
    }
    Object method = json.getValue("method");
    if (method != null) {
      if (!(method instanceof String) || ((String) method).isEmpty()) {
        throw new JsonRpcException(
            JsonRpcError.INVALID_REQUEST, "\"method\" must be a non-empty string");
      }
      Object params = json.getValue("params");
      if (params != null && !(params instanceof JsonObject)) {
        throw new JsonRpcException(JsonRpcError.INVALID_REQUEST, "\"params\" must be an object");
      }
      return json.containsKey("id") ? Kind.REQUEST : Kind.NOTIFICATION;
    }
    boolean hasResult = json.containsKey("result");
    boolean hasError = json.containsKey("error");
    if (hasResult == hasError) {
      throw new JsonRpcException(
          JsonRpcError.INVALID_REQUEST,
          "a message needs \"method\" (request or notification) or exactly one of \"result\" and"
              + " \"error\" (response)");
    }
    if (!json.containsKey("id")) {
      throw new JsonRpcException(JsonRpcError.INVALID_REQUEST, "a response needs an \"id\"");
    }
    return Kind.RESPONSE;
  }

  public Kind kind() {
    return kind;
  }

  public boolean isRequest() {
    return kind == Kind.REQUEST;
  }

  public boolean isNotification() {
    return kind == Kind.NOTIFICATION;
  }

  public boolean isResponse() {
    return kind == Kind.RESPONSE;
  }

  /** The id as it appeared (String or Number), or null for notifications. */
  public Object id() {
    return json.getValue("id");
  }

  /** A key for matching a response to its request: ids 1 and "1" are different requests. */
  public String idKey() {
    return idKey(id());
  }

  /** See {@link #idKey()}. */
  public static String idKey(Object id) {
    if (id instanceof Number n) {
      return "n:" + (n.doubleValue() == n.longValue() ? Long.toString(n.longValue()) : n);
    }
    return "s:" + id;
  }

  /** The method of a request or notification, or null for a response. */
  public String method() {
    return json.getString("method");
  }

  /** The params object, or null. */
  public JsonObject params() {
    return json.getJsonObject("params");
  }

  /** The parsed message. Callers that change it must call {@link #changed()}. */
  public JsonObject json() {
    return json;
  }

  /** Marks the message as edited (by redaction, for example) so it is re-encoded. */
  public void changed() {
    raw = null;
  }

  /** The bytes to send: the original ones unless the message was changed. */
  public Buffer encoded() {
    if (raw == null) {
      raw = json.toBuffer();
    }
    return raw;
  }

  @Override
  public String toString() {
    return kind + (method() != null ? " " + method() : "") + (id() != null ? " id=" + id() : "");
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof JsonRpcMessage other && json.equals(other.json);
  }

  @Override
  public int hashCode() {
    return Objects.hash(json);
  }
}
