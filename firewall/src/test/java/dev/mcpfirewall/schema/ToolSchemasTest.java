package dev.mcpfirewall.schema;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;
import static org.junit.jupiter.api.DynamicTest.dynamicTest;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

class ToolSchemasTest {

  private final ToolSchemas schemas = new ToolSchemas(ToolSchemaLimits.defaults());

  /** A realistic tool: a search with a query, a limit, filters and tags. */
  static JsonObject searchSchema() {
    return new JsonObject(
        """
        {
          "type": "object",
          "properties": {
            "query": {"type": "string", "minLength": 1, "maxLength": 200},
            "limit": {"type": "integer", "minimum": 1, "maximum": 100},
            "mode": {"enum": ["fast", "thorough"]},
            "contact": {"type": "string", "format": "email"},
            "since": {"type": "string", "format": "date-time"},
            "callback": {"type": "string", "format": "uri"},
            "requestId": {"type": "string", "format": "uuid"},
            "sku": {"type": "string", "pattern": "^[A-Z]{3}-[0-9]{4}$"},
            "tags": {"type": "array", "items": {"type": "string"}, "maxItems": 5},
            "filters": {
              "type": "object",
              "properties": {"region": {"type": "string"}, "year": {"type": "integer"}}
            }
          },
          "required": ["query"]
        }
        """);
  }

  private Validation validate(JsonObject arguments) {
    return schemas.validateArguments(schemas.compile(searchSchema()), arguments, StrictMode.OFF);
  }

  record Case(String name, String arguments, String pointer, String rule) {}

  @TestFactory
  Stream<DynamicTest> eachArgumentFailureClassNamesThePointerAndTheRule() {
    return Stream.of(
            new Case("wrong type: string expected", "{\"query\": 42}", "/query", "type"),
            new Case(
                "wrong type: integer expected",
                "{\"query\": \"q\", \"limit\": \"ten\"}",
                "/limit",
                "type"),
            new Case(
                "wrong type: nested object member",
                "{\"query\": \"q\", \"filters\": {\"year\": \"2024\"}}",
                "/filters/year",
                "type"),
            new Case(
                "wrong type: array item",
                "{\"query\": \"q\", \"tags\": [\"a\", 7]}",
                "/tags/1",
                "type"),
            new Case("missing required", "{\"limit\": 3}", "/query", "required"),
            new Case("below minLength", "{\"query\": \"\"}", "/query", "minLength"),
            new Case(
                "above maxLength",
                "{\"query\": \"" + "x".repeat(201) + "\"}",
                "/query",
                "maxLength"),
            new Case("above maximum", "{\"query\": \"q\", \"limit\": 101}", "/limit", "maximum"),
            new Case("not in enum", "{\"query\": \"q\", \"mode\": \"slow\"}", "/mode", "enum"),
            new Case(
                "too many items",
                "{\"query\": \"q\", \"tags\": [\"a\",\"b\",\"c\",\"d\",\"e\",\"f\"]}",
                "/tags",
                "maxItems"),
            new Case(
                "pattern mismatch", "{\"query\": \"q\", \"sku\": \"abc-12\"}", "/sku", "pattern"),
            new Case(
                "format email",
                "{\"query\": \"q\", \"contact\": \"not-an-email\"}",
                "/contact",
                "format"),
            new Case(
                "format date-time",
                "{\"query\": \"q\", \"since\": \"yesterday at noon\"}",
                "/since",
                "format"),
            new Case(
                "format date-time without zone",
                "{\"query\": \"q\", \"since\": \"2024-01-01T10:00:00\"}",
                "/since",
                "format"),
            new Case(
                "format uri (relative reference is not a uri)",
                "{\"query\": \"q\", \"callback\": \"/just/a/path\"}",
                "/callback",
                "format"),
            new Case(
                "format uuid",
                "{\"query\": \"q\", \"requestId\": \"1234\"}",
                "/requestId",
                "format"))
        .map(
            c ->
                dynamicTest(
                    c.name(),
                    () -> {
                      Validation result = validate(new JsonObject(c.arguments()));
                      assertThat(result.isValid()).isFalse();
                      assertThat(result.violations())
                          .extracting(Violation::pointer, Violation::rule)
                          .contains(tuple(c.pointer(), c.rule()));
                      assertThat(result.violations())
                          .allSatisfy(v -> assertThat(v.message()).isNotBlank());
                    }));
  }

  @TestFactory
  Stream<DynamicTest> validArgumentsPass() {
    return Stream.of(
            "{\"query\": \"q\"}",
            "{\"query\": \"q\", \"limit\": 100, \"mode\": \"fast\"}",
            "{\"query\": \"q\", \"contact\": \"ops@example.com\","
                + " \"since\": \"2024-01-01T10:00:00Z\", \"callback\": \"https://example.com/cb\","
                + " \"requestId\": \"3f1c6a2e-8d4b-4c1a-9e2f-0b7a5d6c4e31\", \"sku\": \"ABC-1234\"}",
            "{\"query\": \"q\", \"tags\": [\"a\", \"b\"], \"filters\": {\"region\": \"EU\","
                + " \"year\": 2024}}",
            "{\"query\": \"q\", \"undeclared\": true}")
        .map(
            arguments ->
                dynamicTest(
                    arguments,
                    () -> assertThat(validate(new JsonObject(arguments)).violations()).isEmpty()));
  }

  @Test
  void omittedArgumentsAreValidatedAsAnEmptyObject() {
    Validation result =
        schemas.validateArguments(schemas.compile(searchSchema()), null, StrictMode.OFF);

    assertThat(result.violations())
        .extracting(Violation::pointer, Violation::rule)
        .containsExactly(tuple("/query", "required"));
  }

  @Test
  void errorDataHasTheShapeOfTheJsonRpcInvalidParamsReply() {
    Validation result = validate(new JsonObject().put("query", 42));

    JsonObject data = result.invalidArgumentsData();

    assertThat(Validation.INVALID_PARAMS).isEqualTo(-32602);
    assertThat(data.getString("reason")).isEqualTo("invalid_arguments");
    JsonObject first = data.getJsonArray("violations").getJsonObject(0);
    assertThat(first.getString("pointer")).isEqualTo("/query");
    assertThat(first.getString("rule")).isEqualTo("type");
    assertThat(first.getString("message")).isEqualTo("must be string, found integer");
    assertThat(result.summary()).isEqualTo("/query: type");
  }

  @Test
  void messagesNeverEchoTheOffendingValue() {
    String secret = "sk-live-" + "9".repeat(40);
    Validation result =
        validate(
            new JsonObject()
                .put("query", "q")
                .put("sku", secret)
                .put("contact", secret)
                .put("mode", secret));

    assertThat(result.violations()).hasSize(3);
    assertThat(result.invalidArgumentsData().encode()).doesNotContain(secret);
  }

  @Test
  void violationsAreCappedAtTheConfiguredNumber() {
    ToolSchemas capped =
        new ToolSchemas(
            new ToolSchemaLimits(
                16,
                ToolSchemaLimits.DEFAULT_HARD_MAX_DEPTH,
                ToolSchemaLimits.DEFAULT_REGEX_BUDGET,
                ToolSchemaLimits.DEFAULT_MAX_EVALUATION_STEPS,
                2));
    JsonArray items = new JsonArray();
    for (int i = 0; i < 10; i++) {
      items.add(i);
    }
    JsonObject schema =
        new JsonObject().put("type", "array").put("items", new JsonObject().put("type", "string"));

    Validation result = capped.validateStructuredContent(capped.compile(schema), items);

    assertThat(result.violations()).hasSize(2);
  }

  @Test
  void theSameSchemaIsCompiledOnceAndSharedEvenWithMembersReordered() {
    JsonObject schema = searchSchema();
    JsonObject reordered = new JsonObject();
    List<String> names = new ArrayList<>(schema.fieldNames());
    Collections.reverse(names);
    names.forEach(k -> reordered.put(k, schema.getValue(k)));

    CompiledToolSchema first = schemas.compile(schema);
    CompiledToolSchema second = schemas.compile(searchSchema());
    CompiledToolSchema third = schemas.compile(reordered);

    assertThat(second).isSameAs(first);
    assertThat(third).isSameAs(first);
    assertThat(schemas.compilations()).isEqualTo(1);
    assertThat(schemas.cached()).isEqualTo(1);
  }

  @Test
  void aCallerKeyIsUsedAsIsAndADifferentSchemaCompilesAgain() {
    CompiledToolSchema pinned = schemas.compile("sha256:pin-1", searchSchema());
    CompiledToolSchema again = schemas.compile("sha256:pin-1", searchSchema());
    CompiledToolSchema other = schemas.compile(new JsonObject().put("type", "object"));

    assertThat(again).isSameAs(pinned);
    assertThat(pinned.key()).isEqualTo("sha256:pin-1");
    assertThat(other).isNotSameAs(pinned);
    assertThat(schemas.compilations()).isEqualTo(2);
  }

  @Test
  void theCacheDropsTheLeastRecentlyUsedSchemaBeyondItsSize() {
    ToolSchemas small = new ToolSchemas(ToolSchemaLimits.defaults().withCacheSize(2));
    JsonObject a = new JsonObject().put("type", "string");
    JsonObject b = new JsonObject().put("type", "integer");
    JsonObject c = new JsonObject().put("type", "boolean");

    CompiledToolSchema first = small.compile(a);
    small.compile(b);
    small.compile(c);
    CompiledToolSchema recompiled = small.compile(a);

    assertThat(small.cached()).isEqualTo(2);
    assertThat(small.compilations()).isEqualTo(4);
    assertThat(recompiled).isNotSameAs(first);
  }

  @Test
  void structuredContentIsCheckedAgainstTheOutputSchema() {
    CompiledToolSchema output =
        schemas.compile(
            new JsonObject(
                """
                {"type": "object",
                 "properties": {"temperature": {"type": "number"}, "unit": {"enum": ["C", "F"]}},
                 "required": ["temperature", "unit"]}
                """));

    Validation good =
        schemas.validateStructuredContent(
            output, new JsonObject().put("temperature", 21.5).put("unit", "C"));
    Validation bad =
        schemas.validateStructuredContent(output, new JsonObject().put("temperature", "warm"));

    assertThat(good.isValid()).isTrue();
    assertThat(bad.violations())
        .extracting(Violation::pointer, Violation::rule)
        .containsExactlyInAnyOrder(tuple("/temperature", "type"), tuple("/unit", "required"));
    assertThat(bad.errorData(Validation.INVALID_STRUCTURED_CONTENT).getString("reason"))
        .isEqualTo("invalid_structured_content");
  }

  @TestFactory
  Stream<DynamicTest> formatsTheValidatorDoesNotKnowAreAnnotationsOnly() {
    // OpenAPI-generated tool schemas use these; refusing them would break ordinary tools.
    return Stream.of("int32", "int64", "password", "binary", "float", "x-custom")
        .map(
            format ->
                dynamicTest(
                    format,
                    () -> {
                      JsonObject schema =
                          new JsonObject()
                              .put(
                                  "properties",
                                  new JsonObject()
                                      .put("v", new JsonObject().put("format", format)));
                      assertThat(
                              schemas
                                  .validateArguments(
                                      schemas.compile(schema),
                                      new JsonObject().put("v", "anything"),
                                      StrictMode.OFF)
                                  .isValid())
                          .isTrue();
                    }));
  }

  @Test
  void evaluationBeyondTheStepBudgetIsRefused() {
    ToolSchemas tight =
        new ToolSchemas(
            new ToolSchemaLimits(
                16,
                ToolSchemaLimits.DEFAULT_HARD_MAX_DEPTH,
                ToolSchemaLimits.DEFAULT_REGEX_BUDGET,
                10,
                ToolSchemaLimits.DEFAULT_MAX_VIOLATIONS));
    JsonObject schema =
        new JsonObject(
            "{\"type\": \"array\", \"items\": {\"type\": \"object\","
                + " \"properties\": {\"a\": {\"type\": \"string\"}}}}");
    JsonArray rows = new JsonArray();
    for (int i = 0; i < 50; i++) {
      rows.add(new JsonObject().put("a", "x"));
    }
    CompiledToolSchema compiled = tight.compile(schema);

    assertThat(tight.validateStructuredContent(compiled, new JsonArray()).isValid()).isTrue();
    assertThat(tight.validateStructuredContent(compiled, rows).violations())
        .extracting(Violation::rule)
        .containsExactly(Violation.VALIDATION_TOO_EXPENSIVE);
  }

  @Test
  void oneCompiledSchemaServesManyThreadsAtOnce() throws Exception {
    CompiledToolSchema compiled = schemas.compile(searchSchema());
    JsonObject good = new JsonObject().put("query", "q").put("sku", "ABC-1234");
    JsonObject bad = new JsonObject().put("query", 7).put("sku", "abc");
    ExecutorService threads = Executors.newFixedThreadPool(4);
    try {
      List<Future<Boolean>> results = new ArrayList<>();
      for (int t = 0; t < 8; t++) {
        results.add(
            threads.submit(
                () -> {
                  for (int i = 0; i < 500; i++) {
                    if (!schemas.validateArguments(compiled, good, StrictMode.OFF).isValid()
                        || schemas
                                .validateArguments(compiled, bad, StrictMode.OFF)
                                .violations()
                                .size()
                            != 2) {
                      return false;
                    }
                  }
                  return true;
                }));
      }
      for (Future<Boolean> result : results) {
        assertThat(result.get(2, TimeUnit.MINUTES)).isTrue();
      }
    } finally {
      threads.shutdownNow();
    }
  }

  @Test
  void aSchemaThatFailsToCompileIsRememberedAsFailing() {
    JsonObject remote = new JsonObject().put("$ref", "https://schemas.example.com/x.json");

    assertThatThrownBy(() -> schemas.compile("pin-remote", remote))
        .isInstanceOf(InvalidToolSchemaException.class);
    assertThatThrownBy(() -> schemas.compile("pin-remote", remote))
        .isInstanceOf(InvalidToolSchemaException.class)
        .hasMessageContaining("points outside the schema");
    assertThat(schemas.compilations()).isZero();
    assertThat(schemas.cached()).isEqualTo(1);
  }

  @Test
  void theTwoArgumentFormIsStrictModeOff() {
    CompiledToolSchema compiled = schemas.compile(searchSchema());
    JsonObject extra = new JsonObject().put("query", "q").put("undeclared", 1);

    assertThat(schemas.validateArguments(compiled, extra).isValid()).isTrue();
    assertThat(schemas.validateArguments(compiled, extra, StrictMode.defaults()).isValid())
        .isFalse();
  }

  @Test
  void compilingForStrictModeGivesTheSameCachedSchemaReadyForStrictValidation() {
    CompiledToolSchema plain = schemas.compile("pin-s", searchSchema());
    CompiledToolSchema strictToo = schemas.compile("pin-s", searchSchema(), StrictMode.defaults());

    assertThat(strictToo).isSameAs(plain);
    assertThat(
            schemas
                .validateArguments(
                    strictToo,
                    new JsonObject().put("query", "q").put("x", 1),
                    StrictMode.defaults())
                .violations())
        .extracting(Violation::pointer, Violation::rule)
        .containsExactly(tuple("/x", "additionalProperties"));
  }

  @Test
  void aMissingSchemaDoesNotCompile() {
    assertThatThrownBy(() -> schemas.compile("k", null))
        .isInstanceOf(InvalidToolSchemaException.class)
        .hasMessageContaining("no schema");
  }
}
