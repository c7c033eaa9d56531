package dev.mcpfirewall.jsonrpc;

/** A message that is not valid JSON or not valid JSON-RPC 2.0; the text says what is wrong. */
public final class JsonRpcException extends RuntimeException {
  private final int code;

  public JsonRpcException(int code, String message) {
    super(message, null, false, false);
    this.code = code;
  }

  /** {@link JsonRpcError#PARSE_ERROR} or {@link JsonRpcError#INVALID_REQUEST}. */
  public int code() {
    return code;
  }
}
