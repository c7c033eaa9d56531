package dev.mcpfirewall.schema;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;
import static org.junit.jupiter.api.DynamicTest.dynamicTest;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/**
 * Catastrophic regexes in a tool's schema. Without the budget, each of these matches takes 2^n
 * steps (decades for n = 60); with it, each stops after {@link
 * ToolSchemaLimits#DEFAULT_REGEX_BUDGET} character reads, so these tests end by construction.
 */
class PatternGuardTest {

  private static final String EVIL_INPUT = "a".repeat(60) + "!";
  private static final String EVIL_PATTERN = "^(a+){2,40}$";

  private final ToolSchemas schemas = new ToolSchemas(ToolSchemaLimits.defaults());

  record Evil(String name, String pattern, String input) {}

  private static Stream<Evil> evilPatterns() {
    return Stream.of(
        new Evil("bounded repetition of a quantified group", EVIL_PATTERN, EVIL_INPUT),
        new Evil("overlapping alternation, bounded", "^(a|aa){1,60}$", EVIL_INPUT),
        new Evil("nested quantifier with a backreference", "^(a+)+\\1$", EVIL_INPUT),
        new Evil("bounded run of lazy groups", "^(.*?,){11}P", "1,".repeat(60)),
        new Evil("unanchored bounded repetition", "(x+x+){2,30}y", "x".repeat(60)));
  }

  @TestFactory
  Stream<DynamicTest> aCatastrophicPatternIsRefusedNotMatched() {
    return evilPatterns()
        .map(
            evil ->
                dynamicTest(
                    evil.name() + " " + evil.pattern(),
                    () -> {
                      JsonObject schema =
                          new JsonObject(
                              "{\"type\": \"object\", \"properties\": {\"name\": {\"type\":"
                                  + " \"string\", \"pattern\": "
                                  + new JsonArray()
                                      .add(evil.pattern())
                                      .encode()
                                      .substring(1)
                                      .replaceFirst("]$", "")
                                  + "}}}");

                      Validation result =
                          schemas.validateArguments(
                              schemas.compile(schema),
                              new JsonObject().put("name", evil.input()),
                              StrictMode.OFF);

                      assertThat(result.violations())
                          .extracting(Violation::pointer, Violation::rule)
                          .containsExactly(tuple("/name", Violation.PATTERN_TOO_EXPENSIVE));
                      assertThat(result.violations().get(0).message())
                          .contains(evil.pattern())
                          .doesNotContain(evil.input());
                    }));
  }

  @TestFactory
  Stream<DynamicTest> theClassicNestedQuantifiersAreLinearOnThisEngineAndJustFail() {
    return Stream.of("^(a+)+$", "^(a*)*$", "^(a|aa)+$", "(a+)+b")
        .map(
            pattern ->
                dynamicTest(
                    pattern,
                    () -> {
                      JsonObject schema =
                          new JsonObject()
                              .put(
                                  "properties",
                                  new JsonObject()
                                      .put(
                                          "name",
                                          new JsonObject()
                                              .put("type", "string")
                                              .put("pattern", pattern)));
                      assertThat(
                              schemas
                                  .validateArguments(
                                      schemas.compile(schema),
                                      new JsonObject().put("name", EVIL_INPUT),
                                      StrictMode.OFF)
                                  .violations())
                          .extracting(Violation::rule)
                          .containsExactly("pattern");
                    }));
  }

  @Test
  void theSamePatternStillMatchesOrdinaryValues() {
    JsonObject schema =
        new JsonObject()
            .put(
                "properties",
                new JsonObject()
                    .put(
                        "name",
                        new JsonObject().put("type", "string").put("pattern", EVIL_PATTERN)));
    CompiledToolSchema compiled = schemas.compile(schema);

    assertThat(
            schemas
                .validateArguments(compiled, new JsonObject().put("name", "aaaa"), StrictMode.OFF)
                .isValid())
        .isTrue();
    assertThat(
            schemas
                .validateArguments(compiled, new JsonObject().put("name", "aab"), StrictMode.OFF)
                .violations())
        .extracting(Violation::rule)
        .containsExactly("pattern");
  }

  @Test
  void aCatastrophicPatternPropertiesKeyIsRefused() {
    JsonObject schema =
        new JsonObject()
            .put("type", "object")
            .put(
                "patternProperties",
                new JsonObject().put(EVIL_PATTERN, new JsonObject().put("type", "string")))
            .put("additionalProperties", false);

    Validation result =
        schemas.validateArguments(
            schemas.compile(schema), new JsonObject().put(EVIL_INPUT, "v"), StrictMode.OFF);

    assertThat(result.violations())
        .extracting(Violation::pointer, Violation::rule)
        .containsExactly(tuple("/" + EVIL_INPUT, Violation.PATTERN_TOO_EXPENSIVE));
  }

  @Test
  void anAbortedMatchInsideNotFailsClosed() {
    // If an aborted match counted as "no match", "not" would turn it into a pass.
    JsonObject schema =
        new JsonObject()
            .put("not", new JsonObject().put("type", "string").put("pattern", EVIL_PATTERN));

    Validation result = schemas.validateStructuredContent(schema(schema), EVIL_INPUT);

    assertThat(result.violations())
        .extracting(Violation::rule)
        .containsExactly(Violation.PATTERN_TOO_EXPENSIVE);
  }

  @Test
  void manyCheapMatchesShareOneBudgetPerValidation() {
    ToolSchemas tight = new ToolSchemas(ToolSchemaLimits.defaults().withRegexBudget(10_000));
    JsonObject schema =
        new JsonObject(
            "{\"type\": \"array\", \"items\": {\"type\": \"string\", \"pattern\": \"^[a-z]+$\"}}");
    JsonArray few = new JsonArray();
    JsonArray many = new JsonArray();
    for (int i = 0; i < 2_000; i++) {
      many.add("abcdefghij");
      if (i < 10) {
        few.add("abcdefghij");
      }
    }
    CompiledToolSchema compiled = tight.compile(schema);

    assertThat(tight.validateStructuredContent(compiled, few).isValid()).isTrue();
    assertThat(tight.validateStructuredContent(compiled, many).violations())
        .extracting(Violation::rule)
        .containsExactly(Violation.PATTERN_TOO_EXPENSIVE);
    // The budget is per validation: the next one starts afresh.
    assertThat(tight.validateStructuredContent(compiled, few).isValid()).isTrue();
  }

  @TestFactory
  Stream<DynamicTest> aLargeOrdinaryValueStaysWithinTheDefaultBudget() {
    String large = "a".repeat(StrictMode.DEFAULT_MAX_STRING_LENGTH);
    return Stream.of("^[a-z]+$", "a$", "[0-9]{3}|b")
        .map(
            pattern ->
                dynamicTest(
                    pattern,
                    () -> {
                      JsonObject schema =
                          new JsonObject()
                              .put(
                                  "properties",
                                  new JsonObject()
                                      .put("v", new JsonObject().put("pattern", pattern)));
                      Validation result =
                          schemas.validateArguments(
                              schema(schema),
                              new JsonObject().put("v", large),
                              StrictMode.defaults());
                      assertThat(result.violations())
                          .extracting(Violation::rule)
                          .doesNotContain(Violation.PATTERN_TOO_EXPENSIVE);
                    }));
  }

  private CompiledToolSchema schema(JsonObject schema) {
    return schemas.compile(schema);
  }
}
