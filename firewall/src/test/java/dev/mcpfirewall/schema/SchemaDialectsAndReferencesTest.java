package dev.mcpfirewall.schema;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;
import static org.junit.jupiter.api.DynamicTest.dynamicTest;

import com.networknt.schema.SpecificationVersion;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.io.TempDir;

class SchemaDialectsAndReferencesTest {

  private static final String DRAFT_07 = "http://json-schema.org/draft-07/schema#";
  private static final String DRAFT_2020_12 = "https://json-schema.org/draft/2020-12/schema";

  private final ToolSchemas schemas = new ToolSchemas(ToolSchemaLimits.defaults());

  private static JsonObject tupleSchema(String dialect, String keyword) {
    JsonObject schema =
        new JsonObject()
            .put("type", "array")
            .put(
                keyword,
                new JsonArray()
                    .add(new JsonObject().put("type", "string"))
                    .add(new JsonObject().put("type", "integer")));
    return dialect == null ? schema : schema.put("$schema", dialect);
  }

  @Test
  void theDialectComesFromDollarSchemaAndIs2020_12WhenAbsent() {
    assertThat(schemas.compile(tupleSchema(null, "prefixItems")).dialect())
        .isEqualTo(SpecificationVersion.DRAFT_2020_12);
    assertThat(schemas.compile(tupleSchema(DRAFT_07, "items")).dialect())
        .isEqualTo(SpecificationVersion.DRAFT_7);
    assertThat(schemas.compile(tupleSchema(DRAFT_2020_12, "prefixItems")).dialect())
        .isEqualTo(SpecificationVersion.DRAFT_2020_12);
  }

  @Test
  void prefixItemsIsATupleIn2020_12ButAnUnknownKeywordInDraft07() {
    JsonArray wrongOrder = new JsonArray().add(1).add("one");

    Validation modern =
        schemas.validateStructuredContent(
            schemas.compile(tupleSchema(null, "prefixItems")), wrongOrder);
    Validation legacy =
        schemas.validateStructuredContent(
            schemas.compile(tupleSchema(DRAFT_07, "prefixItems")), wrongOrder);

    assertThat(modern.violations())
        .extracting(Violation::pointer, Violation::rule)
        .containsExactlyInAnyOrder(tuple("/0", "type"), tuple("/1", "type"));
    assertThat(legacy.isValid()).isTrue();
  }

  @Test
  void theArrayFormOfItemsIsATupleInDraft07AndNotASchemaIn2020_12() {
    JsonArray wrongOrder = new JsonArray().add(1).add("one");

    Validation legacy =
        schemas.validateStructuredContent(
            schemas.compile(tupleSchema(DRAFT_07, "items")), wrongOrder);

    assertThat(legacy.violations())
        .extracting(Violation::pointer, Violation::rule)
        .containsExactlyInAnyOrder(tuple("/0", "type"), tuple("/1", "type"));
    // In 2020-12 "items" must be a schema: the array form does not compile.
    assertThatThrownBy(() -> schemas.compile(tupleSchema(null, "items")))
        .isInstanceOf(InvalidToolSchemaException.class)
        .hasMessage(
            "the tool's schema cannot be compiled: The value of 'items' MUST be a valid JSON"
                + " Schema.");
  }

  @Test
  void anUnknownDialectDoesNotCompile() {
    JsonObject schema =
        new JsonObject().put("$schema", "https://example.com/my-meta-schema").put("type", "object");

    assertThatThrownBy(() -> schemas.compile(schema))
        .isInstanceOf(InvalidToolSchemaException.class)
        .hasMessageContaining("https://example.com/my-meta-schema")
        .hasMessageContaining("not a supported JSON Schema dialect");
  }

  @Test
  void refsInsideTheSchemaResolve() {
    JsonObject schema =
        new JsonObject(
            """
            {"$id": "https://tools.example/search",
             "$defs": {"name": {"type": "string", "maxLength": 3},
                       "node": {"type": "object", "properties": {"next": {"$ref": "#/$defs/node"},
                                                                  "name": {"$ref": "#/$defs/name"}}}},
             "type": "object",
             "properties": {"who": {"$ref": "#/$defs/name"}, "chain": {"$ref": "#/$defs/node"},
                            "anchored": {"$ref": "#short"}},
             "$comment": "anchor below",
             "additionalProperties": {"$anchor": "short", "type": "string", "maxLength": 1}}
            """);

    Validation result =
        schemas.validateArguments(
            schemas.compile(schema),
            new JsonObject(
                "{\"who\": \"toolong\", \"chain\": {\"next\": {\"next\": {\"name\": \"abcd\"}}},"
                    + " \"anchored\": \"xy\"}"),
            StrictMode.OFF);

    assertThat(result.violations())
        .extracting(Violation::pointer, Violation::rule)
        .containsExactlyInAnyOrder(
            tuple("/who", "maxLength"),
            tuple("/chain/next/next/name", "maxLength"),
            tuple("/anchored", "maxLength"));
  }

  @Test
  void twoSchemasWithTheSameIdDoNotSeeEachOther() {
    JsonObject first =
        new JsonObject(
            "{\"$id\": \"https://same.example/s\", \"$defs\": {\"v\": {\"type\": \"string\"}},"
                + " \"properties\": {\"v\": {\"$ref\": \"#/$defs/v\"}}}");
    JsonObject second =
        new JsonObject(
            "{\"$id\": \"https://same.example/s\", \"$defs\": {\"v\": {\"type\": \"integer\"}},"
                + " \"properties\": {\"v\": {\"$ref\": \"#/$defs/v\"}}}");

    CompiledToolSchema a = schemas.compile(first);
    CompiledToolSchema b = schemas.compile(second);

    JsonObject text = new JsonObject().put("v", "text");
    assertThat(schemas.validateArguments(a, text, StrictMode.OFF).isValid()).isTrue();
    assertThat(schemas.validateArguments(b, text, StrictMode.OFF).violations())
        .extracting(Violation::rule)
        .containsExactly("type");
  }

  @TestFactory
  Stream<DynamicTest> refsOutsideTheSchemaAreRefusedAtCompileTime(@TempDir Path dir)
      throws IOException {
    Path local = Files.writeString(dir.resolve("name.json"), "{\"type\": \"string\"}");
    return Stream.of(
            "https://schemas.example.com/name.json",
            "http://json-schema.org/draft-07/schema#",
            local.toUri().toString(),
            "classpath:dev/mcpfirewall/config/schema/mcp-firewall.schema.json",
            "name.json",
            "#/$defs/missing")
        .map(
            ref ->
                dynamicTest(
                    ref,
                    () -> {
                      JsonObject schema =
                          new JsonObject()
                              .put("type", "object")
                              .put(
                                  "properties",
                                  new JsonObject().put("name", new JsonObject().put("$ref", ref)));
                      assertThatThrownBy(() -> schemas.compile(schema))
                          .isInstanceOf(InvalidToolSchemaException.class)
                          .hasMessageStartingWith("the tool's schema cannot be compiled")
                          .hasMessageContaining(
                              ref.startsWith("#")
                                  ? "cannot be resolved"
                                  : "$ref "
                                      + ref.replaceFirst("#$", "")
                                      + " points outside the schema");
                    }));
  }

  @Test
  void aRemoteRefIsNeverFetched() throws Exception {
    AtomicInteger connections = new AtomicInteger();
    try (ServerSocket server = new ServerSocket(0, 8, InetAddress.getLoopbackAddress())) {
      CompletableFuture.runAsync(
          () -> {
            while (!server.isClosed()) {
              try (Socket socket = server.accept()) {
                connections.incrementAndGet();
                socket
                    .getOutputStream()
                    .write(
                        ("HTTP/1.1 200 OK\r\nContent-Type: application/json\r\n"
                                + "Content-Length: 17\r\nConnection: close\r\n\r\n"
                                + "{\"type\":\"string\"}")
                            .getBytes(java.nio.charset.StandardCharsets.US_ASCII));
              } catch (IOException closed) {
                return;
              }
            }
          });
      JsonObject schema =
          new JsonObject()
              .put("$ref", "http://127.0.0.1:" + server.getLocalPort() + "/remote-schema.json");

      assertThatThrownBy(() -> schemas.compile(schema))
          .isInstanceOf(InvalidToolSchemaException.class)
          .hasMessageContaining("nothing is fetched");
    }
    assertThat(connections).hasValue(0);
  }
}
