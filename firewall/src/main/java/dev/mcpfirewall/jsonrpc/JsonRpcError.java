package dev.mcpfirewall.jsonrpc;

/** JSON-RPC error codes the firewall itself answers with. */
public final class JsonRpcError {
  public static final int PARSE_ERROR = -32700;
  public static final int INVALID_REQUEST = -32600;
  public static final int METHOD_NOT_FOUND = -32601;
  public static final int INVALID_PARAMS = -32602;
  public static final int INTERNAL_ERROR = -32603;

  /** Server-defined range (-32000 to -32099), used by the firewall for its own refusals. */
  public static final int SESSION_ERROR = -32000;

  public static final int UPSTREAM_ERROR = -32010;
  public static final int FORBIDDEN = -32020;
  public static final int UNAUTHENTICATED = -32021;

  private JsonRpcError() {}
}
