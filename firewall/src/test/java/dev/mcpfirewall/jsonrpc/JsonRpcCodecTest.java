package dev.mcpfirewall.jsonrpc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vertx.core.buffer.Buffer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class JsonRpcCodecTest {
  private final JsonRpcCodec codec = new JsonRpcCodec(16);

  private JsonRpcMessage parse(String text) {
    return codec.parse(Buffer.buffer(text));
  }

  @Test
  void kindsAreToldApartByTheirMembers() {
    assertThat(parse("{\"jsonrpc\":\"2.0\",\"id\":\"a\",\"method\":\"tools/list\"}").kind())
        .isEqualTo(JsonRpcMessage.Kind.REQUEST);
    assertThat(parse("{\"jsonrpc\":\"2.0\",\"method\":\"notifications/initialized\"}").kind())
        .isEqualTo(JsonRpcMessage.Kind.NOTIFICATION);
    assertThat(parse("{\"jsonrpc\":\"2.0\",\"id\":3,\"result\":{}}").kind())
        .isEqualTo(JsonRpcMessage.Kind.RESPONSE);
    assertThat(
            parse("{\"jsonrpc\":\"2.0\",\"id\":3,\"error\":{\"code\":1,\"message\":\"x\"}}").kind())
        .isEqualTo(JsonRpcMessage.Kind.RESPONSE);
  }

  @Test
  void theOriginalBytesAreForwardedUntilTheMessageChanges() {
    String text =
        "{ \"jsonrpc\" : \"2.0\", \"id\":1, \"method\":\"x\", \"future\":{\"field\":true} }";
    JsonRpcMessage message = parse(text);
    assertThat(message.encoded().toString()).isEqualTo(text);
    message.json().put("id", 2);
    message.changed();
    assertThat(message.encoded().toString()).contains("\"id\":2").contains("\"future\"");
  }

  @Test
  void idsOfDifferentTypesNeverMatch() {
    assertThat(JsonRpcMessage.idKey(1)).isNotEqualTo(JsonRpcMessage.idKey("1"));
    assertThat(JsonRpcMessage.idKey(1)).isEqualTo(JsonRpcMessage.idKey(1L));
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "{\"id\":1}                                            | -32700 | malformed JSON",
        "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"x\"} {}       | -32700 | trailing",
        "{\"jsonrpc\":\"1.0\",\"id\":1,\"method\":\"x\"}          | -32600 | must be \"2.0\"",
        "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":5}              | -32600 | non-empty string",
        "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"x\",\"params\":[1]} | -32600 | must be an object",
        "{\"jsonrpc\":\"2.0\",\"id\":1}                          | -32600 | needs \"method\"",
        "{\"jsonrpc\":\"2.0\",\"result\":{}}                     | -32600 | needs an \"id\"",
        "{\"jsonrpc\":\"2.0\",\"id\":1,\"result\":1,\"error\":{}} | -32600 | exactly one of",
        "[]                                                    | -32600 | batches are not supported",
        "42                                                    | -32600 | must be an object",
      })
  void invalidMessagesAreRefusedWithTheRightCodeAndAClearReason(
      String text, int code, String reason) {
    // The first row is cut short on purpose: a truncated object is malformed JSON.
    String input = text.equals("{\"id\":1}") ? "{\"id\":1" : text;
    assertThatThrownBy(() -> parse(input))
        .isInstanceOfSatisfying(JsonRpcException.class, e -> assertThat(e.code()).isEqualTo(code))
        .hasMessageContaining(reason);
  }

  @Test
  void nestingBeyondTheLimitIsRefusedWhileParsing() {
    String deep =
        "{\"jsonrpc\":\"2.0\",\"method\":\"x\",\"params\":{\"a\":"
            + "[".repeat(40)
            + "]".repeat(40)
            + "}}";
    assertThatThrownBy(() -> parse(deep))
        .hasMessageContaining("nesting deeper than the limit of 16");
    String fine =
        "{\"jsonrpc\":\"2.0\",\"method\":\"x\",\"params\":{\"a\":"
            + "[".repeat(10)
            + "]".repeat(10)
            + "}}";
    assertThat(parse(fine).method()).isEqualTo("x");
  }
}
