package dev.mcpfirewall.schema;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;
import static org.junit.jupiter.api.DynamicTest.dynamicTest;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

class StrictModeTest {

  private static final String DRAFT_07 = "http://json-schema.org/draft-07/schema#";

  private final ToolSchemas schemas = new ToolSchemas(ToolSchemaLimits.defaults());
  private final StrictMode strict = StrictMode.defaults();

  private static JsonObject nested(String dialect) {
    JsonObject schema =
        new JsonObject(
            """
            {"type": "object",
             "properties": {
               "query": {"type": "string"},
               "filters": {"type": "object", "properties": {"region": {"type": "string"}}},
               "rows": {"type": "array",
                        "items": {"type": "object", "properties": {"id": {"type": "integer"}}}},
               "labels": {"type": "object"},
               "extra": {"type": "object", "properties": {"a": {"type": "string"}},
                         "additionalProperties": true},
               "headers": {"type": "object", "patternProperties": {"^x-": {"type": "string"}}},
               "address": {"$ref": "#/definitions/address"}
             },
             "definitions": {
               "address": {"type": "object", "properties": {"city": {"type": "string"}}}
             }}
            """);
    if (dialect != null) {
      schema.put("$schema", dialect);
    }
    return schema;
  }

  record Extra(String name, String arguments, String pointer) {}

  private static Stream<Extra> undeclared() {
    return Stream.of(
        new Extra("at the top level", "{\"query\": \"q\", \"debug\": true}", "/debug"),
        new Extra(
            "in a nested object", "{\"filters\": {\"region\": \"EU\", \"x\": 1}}", "/filters/x"),
        new Extra(
            "in an array item",
            "{\"rows\": [{\"id\": 1}, {\"id\": 2, \"pw\": \"s\"}]}",
            "/rows/1/pw"),
        new Extra(
            "beside patternProperties",
            "{\"headers\": {\"x-a\": \"1\", \"y\": \"2\"}}",
            "/headers/y"),
        new Extra(
            "behind a $ref",
            "{\"address\": {\"city\": \"Oslo\", \"zip\": \"0150\"}}",
            "/address/zip"));
  }

  @TestFactory
  Stream<DynamicTest> undeclaredPropertiesAreRefusedInStrictModeAndAllowedOtherwise() {
    return Stream.of(null, DRAFT_07)
        .flatMap(
            dialect ->
                undeclared()
                    .map(
                        c ->
                            dynamicTest(
                                (dialect == null ? "2020-12 " : "draft-07 ") + c.name(),
                                () -> {
                                  CompiledToolSchema schema = schemas.compile(nested(dialect));
                                  JsonObject arguments = new JsonObject(c.arguments());

                                  Validation lenient =
                                      schemas.validateArguments(schema, arguments, StrictMode.OFF);
                                  Validation closed =
                                      schemas.validateArguments(schema, arguments, strict);

                                  assertThat(lenient.isValid()).isTrue();
                                  assertThat(closed.violations())
                                      .extracting(Violation::pointer)
                                      .containsExactly(c.pointer());
                                  assertThat(closed.violations().get(0).rule())
                                      .isIn("additionalProperties", "unevaluatedProperties");
                                })));
  }

  @TestFactory
  Stream<DynamicTest> whatTheSchemaLeavesOpenStaysOpenInStrictMode() {
    return Stream.of(
            "{\"labels\": {\"anything\": 1, \"goes\": [2]}}",
            "{\"extra\": {\"a\": \"x\", \"b\": 2}}",
            "{\"headers\": {\"x-trace\": \"1\"}}",
            "{\"query\": \"q\", \"filters\": {\"region\": \"EU\"}, \"rows\": [{\"id\": 1}],"
                + " \"address\": {\"city\": \"Oslo\"}}")
        .map(
            arguments ->
                dynamicTest(
                    arguments,
                    () ->
                        assertThat(
                                schemas
                                    .validateArguments(
                                        schemas.compile(nested(null)),
                                        new JsonObject(arguments),
                                        strict)
                                    .violations())
                            .isEmpty()));
  }

  @Test
  void objectsComposedWithAllOfKeepEveryBranchsPropertiesIn2020_12() {
    JsonObject schema =
        new JsonObject(
            """
            {"$defs": {"base": {"type": "object", "properties": {"id": {"type": "integer"}}}},
             "allOf": [{"$ref": "#/$defs/base"},
                       {"properties": {"name": {"type": "string"}}}]}
            """);
    CompiledToolSchema compiled = schemas.compile(schema);

    assertThat(
            schemas
                .validateArguments(compiled, new JsonObject().put("id", 1).put("name", "n"), strict)
                .isValid())
        .isTrue();
    assertThat(
            schemas
                .validateArguments(
                    compiled, new JsonObject().put("id", 1).put("name", "n").put("x", 0), strict)
                .violations())
        .extracting(Violation::pointer, Violation::rule)
        .containsExactly(tuple("/x", "unevaluatedProperties"));
  }

  @Test
  void propertiesBesideARefKeepTheTargetsPropertiesIn2020_12() {
    JsonObject schema =
        new JsonObject(
            """
            {"$defs": {"base": {"type": "object", "properties": {"id": {"type": "integer"}}}},
             "$ref": "#/$defs/base",
             "properties": {"name": {"type": "string"}}}
            """);
    CompiledToolSchema compiled = schemas.compile(schema);

    assertThat(
            schemas
                .validateArguments(compiled, new JsonObject().put("id", 1).put("name", "n"), strict)
                .isValid())
        .isTrue();
    assertThat(
            schemas
                .validateArguments(
                    compiled, new JsonObject().put("id", 1).put("zip", "0150"), strict)
                .violations())
        .extracting(Violation::pointer, Violation::rule)
        .containsExactly(tuple("/zip", "unevaluatedProperties"));
  }

  @Test
  void aPlainObjectIsClosedWithAdditionalPropertiesIn2020_12() {
    CompiledToolSchema compiled =
        schemas.compile(new JsonObject("{\"properties\": {\"q\": {\"type\": \"string\"}}}"));

    assertThat(
            schemas
                .validateArguments(compiled, new JsonObject().put("q", "x").put("z", 1), strict)
                .violations())
        .extracting(Violation::pointer, Violation::rule)
        .containsExactly(tuple("/z", "additionalProperties"));
  }

  record Cap(String name, Object value, String pointer, String rule) {}

  @TestFactory
  Stream<DynamicTest> sizesAreCappedEvenWhenTheSchemaDeclaresNoLimits() {
    StrictMode small = new StrictMode(true, 10, 3, 4, 5);
    JsonObject deep = new JsonObject();
    JsonObject cursor = deep;
    for (int i = 0; i < 5; i++) {
      JsonObject next = new JsonObject();
      cursor.put("d", next);
      cursor = next;
    }
    JsonObject wide = new JsonObject();
    for (int i = 0; i < 6; i++) {
      wide.put("k" + i, i);
    }
    return Stream.of(
            new Cap("oversized string", "x".repeat(11), "/v", Violation.STRING_TOO_LONG),
            new Cap(
                "oversized member name",
                new JsonObject().put("k".repeat(11), 1),
                "/v/" + "k".repeat(11),
                Violation.STRING_TOO_LONG),
            new Cap(
                "oversized array",
                new JsonArray(List.of(1, 2, 3, 4)),
                "/v",
                Violation.TOO_MANY_ITEMS),
            new Cap("too many members", wide, "/v", Violation.TOO_MANY_PROPERTIES),
            new Cap("deep nesting", deep, "/v/d/d/d", Violation.TOO_DEEP))
        .map(
            c ->
                dynamicTest(
                    c.name(),
                    () -> {
                      CompiledToolSchema any = schemas.compile(new JsonObject());
                      JsonObject arguments = new JsonObject().put("v", c.value());

                      assertThat(
                              schemas.validateArguments(any, arguments, StrictMode.OFF).isValid())
                          .isTrue();
                      assertThat(schemas.validateArguments(any, arguments, small).violations())
                          .extracting(Violation::pointer, Violation::rule)
                          .containsExactly(tuple(c.pointer(), c.rule()));
                    }));
  }

  @Test
  void valuesAtTheCapsPass() {
    StrictMode small = new StrictMode(true, 10, 3, 4, 5);
    JsonObject arguments =
        new JsonObject()
            .put("s", "x".repeat(10))
            .put("a", new JsonArray().add(1).add(2).add(3))
            .put("d", new JsonObject().put("d", new JsonObject().put("d", new JsonObject())));

    assertThat(
            schemas
                .validateArguments(schemas.compile(new JsonObject()), arguments, small)
                .isValid())
        .isTrue();
  }

  @Test
  void deepNestingIsRefusedWithoutStrictModeBeyondTheHardCap() {
    ToolSchemas capped = new ToolSchemas(ToolSchemaLimits.defaults().withHardMaxDepth(8));
    JsonArray deep = new JsonArray();
    JsonArray cursor = deep;
    for (int i = 0; i < 10; i++) {
      JsonArray next = new JsonArray();
      cursor.add(next);
      cursor = next;
    }

    Validation result =
        capped.validateArguments(
            capped.compile(new JsonObject()), new JsonObject().put("v", deep), StrictMode.OFF);

    assertThat(result.violations())
        .extracting(Violation::pointer, Violation::rule)
        .containsExactly(tuple("/v/0/0/0/0/0/0/0", Violation.TOO_DEEP));
  }

  @Test
  void theDefaultsAreTheDocumentedOnes() {
    assertThat(StrictMode.defaults()).isEqualTo(new StrictMode(true, 64 * 1024, 10_000, 32, 1_000));
    assertThat(StrictMode.OFF.enabled()).isFalse();
  }
}
