package dev.mcpfirewall.jsonrpc;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.core.json.jackson.JacksonCodec;
import java.io.IOException;

/**
 * Parses JSON-RPC messages once, enforcing a nesting depth limit while parsing so that a hostile
 * body cannot exhaust the stack or the CPU before the limit is checked.
 */
public final class JsonRpcCodec {
  private final JsonFactory factory;
  private final int maxDepth;

  public JsonRpcCodec(int maxDepth) {
    this.maxDepth = maxDepth;
    this.factory =
        JsonFactory.builder()
            .streamReadConstraints(
                StreamReadConstraints.builder().maxNestingDepth(maxDepth).build())
            .build();
  }

  /**
   * Parses one message.
   *
   * @throws JsonRpcException {@link JsonRpcError#PARSE_ERROR} for bad JSON or too deep nesting,
   *     {@link JsonRpcError#INVALID_REQUEST} for JSON that is not a JSON-RPC message (batches
   *     included: MCP removed batching in 2025-06-18)
   */
  public JsonRpcMessage parse(Buffer body) {
    Object value = parseJson(body);
    if (value instanceof JsonObject object) {
      return JsonRpcMessage.of(object, body);
    }
    if (value instanceof JsonArray) {
      throw new JsonRpcException(
          JsonRpcError.INVALID_REQUEST,
          "JSON-RPC batches are not supported: send one message per request (MCP 2025-06-18 and"
              + " later)");
    }
    throw new JsonRpcException(
        JsonRpcError.INVALID_REQUEST, "a JSON-RPC message must be an object");
  }

  /** Parses any JSON value with the depth limit; numbers, strings and so on as Vert.x does. */
  public Object parseJson(Buffer body) {
    try (JsonParser parser = factory.createParser(body.getBytes())) {
      // fromParser also refuses trailing content after the value.
      return JacksonCodec.fromParser(parser, Object.class);
    } catch (DecodeException e) {
      if (e.getCause() instanceof StreamConstraintsException) {
        throw new JsonRpcException(
            JsonRpcError.PARSE_ERROR, "JSON nesting deeper than the limit of " + maxDepth);
      }
      throw new JsonRpcException(JsonRpcError.PARSE_ERROR, "malformed JSON: " + firstLine(e));
    } catch (IOException e) {
      throw new JsonRpcException(JsonRpcError.PARSE_ERROR, "malformed JSON: " + firstLine(e));
    }
  }

  private static String firstLine(Exception e) {
    Throwable cause = e.getCause() != null ? e.getCause() : e;
    String message = String.valueOf(cause.getMessage());
    if (cause instanceof com.fasterxml.jackson.core.JsonProcessingException jpe) {
      message = jpe.getOriginalMessage();
      if (jpe.getLocation() != null) {
        message +=
            " (line "
                + jpe.getLocation().getLineNr()
                + ", column "
                + jpe.getLocation().getColumnNr()
                + ")";
      }
    }
    int newline = message.indexOf('\n');
    return newline < 0 ? message : message.substring(0, newline);
  }
}
