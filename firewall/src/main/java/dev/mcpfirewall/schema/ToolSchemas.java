package dev.mcpfirewall.schema;

import com.networknt.schema.Error;
import com.networknt.schema.ExecutionConfig;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SchemaRegistryConfig;
import com.networknt.schema.SpecificationVersion;
import com.networknt.schema.ValidationLimitExceededException;
import com.networknt.schema.path.PathType;
import dev.mcpfirewall.json.CanonicalJson;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.LongAdder;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import tools.jackson.databind.JsonNode;

/**
 * Tool schemas as the firewall enforces them: compiles a tool's {@code inputSchema} or {@code
 * outputSchema} once (networknt json-schema-validator), keeps it in a bounded cache, and validates
 * {@code tools/call} arguments and {@code structuredContent} against it without ever throwing.
 *
 * <ul>
 *   <li><b>Dialect</b> from {@code $schema} (draft-04, -06, -07, 2019-09, 2020-12); 2020-12 when
 *       absent, as MCP specifies. An unknown {@code $schema} does not compile.
 *   <li><b>References</b> resolve only inside the schema itself ({@code #/$defs/...}, {@code $id},
 *       anchors). Nothing is fetched: a {@code $ref} to {@code https:}, {@code file:}, {@code
 *       classpath:} or another document fails {@link #compile} with {@link
 *       InvalidToolSchemaException}.
 *   <li><b>{@code format}</b> is asserted (email, date-time, uri, uuid, ...), not just annotated.
 *   <li><b>Regexes</b> run on a per-validation character budget ({@link
 *       BudgetedRegularExpressions}); a match that would run away is refused as {@link
 *       Violation#PATTERN_TOO_EXPENSIVE}.
 *   <li><b>Threads</b>: compiled schemas are shared safely; validation is synchronous and bounded
 *       (size caps, regex and step budgets), fit for any event loop. Compiling costs about half a
 *       millisecond per realistic schema: do it on a worker.
 * </ul>
 *
 * <pre>{@code
 * ToolSchemas schemas = new ToolSchemas(ToolSchemaLimits.defaults().withHardMaxDepth(64));
 * // on a worker, when the listing is pinned
 * CompiledToolSchema input =
 *     schemas.compile(pin.definitionHash(), tool.getJsonObject("inputSchema"), strict);
 * // on the event loop, per call
 * Validation result = schemas.validateArguments(input, params.getJsonObject("arguments"), strict);
 * if (!result.isValid()) { reply(Validation.INVALID_PARAMS, "Invalid params", result.invalidArgumentsData()); }
 * }</pre>
 */
public final class ToolSchemas {

  private static final Pattern BLOCKED_LOAD =
      Pattern.compile("Schema from '([^']*)' is not allowed to be loaded");

  private static final SchemaRegistryConfig REGISTRY_CONFIG =
      SchemaRegistryConfig.builder()
          .pathType(PathType.JSON_POINTER)
          .formatAssertionsEnabled(true)
          .regularExpressionFactory(BudgetedRegularExpressions.INSTANCE)
          .build();

  private final ToolSchemaLimits limits;
  private final ExecutionConfig execution;
  private final CompiledSchemaCache cache;
  private final LongAdder compilations = new LongAdder();

  public ToolSchemas(ToolSchemaLimits limits) {
    this.limits = limits;
    this.execution =
        ExecutionConfig.builder()
            .formatAssertionsEnabled(true)
            .maxEvaluationSteps(limits.maxEvaluationSteps())
            .build();
    this.cache = new CompiledSchemaCache(limits.cacheSize());
  }

  /**
   * The compiled schema, from the cache when the same schema (by canonical hash) was compiled
   * before.
   *
   * @throws InvalidToolSchemaException when the schema cannot be enforced; the message says why
   *     (failures are cached too: the same schema fails again without a second compile)
   */
  public CompiledToolSchema compile(JsonObject schema) {
    return compile(CanonicalJson.sha256(schema), schema);
  }

  /**
   * The compiled schema cached under {@code key} (a pin's definition hash, which covers the
   * schema): a cache hit costs no hashing at all.
   *
   * @throws InvalidToolSchemaException when the schema cannot be enforced; the message says why
   */
  public CompiledToolSchema compile(String key, JsonObject schema) {
    return cache.get(key, () -> compileNow(key, schema));
  }

  /**
   * The compiled schema for validation in {@code strict}'s mode: from the cache at once on a hit,
   * else compiled on a worker of {@code vertx} (never on the calling event loop). Fails with {@link
   * InvalidToolSchemaException} when the schema cannot be enforced.
   */
  public io.vertx.core.Future<CompiledToolSchema> ready(
      io.vertx.core.Vertx vertx, String key, JsonObject schema, StrictMode strict) {
    try {
      return cached(key, strict)
          .map(io.vertx.core.Future::succeededFuture)
          .orElseGet(() -> vertx.executeBlocking(() -> compile(key, schema, strict), false));
    } catch (InvalidToolSchemaException e) {
      return io.vertx.core.Future.failedFuture(e);
    }
  }

  /**
   * The schema cached under {@code key}, ready for validation in {@code strict}'s mode, without
   * compiling anything; empty when {@link #compile(String, JsonObject, StrictMode)} must run first
   * (on a worker: compiling takes about half a millisecond per schema).
   *
   * @throws InvalidToolSchemaException when the schema failed to compile before
   */
  public java.util.Optional<CompiledToolSchema> cached(String key, StrictMode strict) {
    CompiledToolSchema compiled = cache.peek(key);
    return compiled != null && compiled.ready(strict.enabled())
        ? java.util.Optional.of(compiled)
        : java.util.Optional.empty();
  }

  /**
   * {@link #compile(String, JsonObject)}, and with strict mode enabled also the closed form strict
   * validation uses (otherwise compiled on the first strict validation): call this on a worker to
   * keep all compiling off the event loop.
   *
   * @throws InvalidToolSchemaException when the schema cannot be enforced; the message says why
   */
  public CompiledToolSchema compile(String key, JsonObject schema, StrictMode strict) {
    CompiledToolSchema compiled = compile(key, schema);
    if (strict.enabled()) {
      compiled.schema(true);
    }
    return compiled;
  }

  /**
   * {@link #validateArguments(CompiledToolSchema, JsonObject, StrictMode)} with strict mode off.
   */
  public Validation validateArguments(CompiledToolSchema schema, JsonObject arguments) {
    return validateArguments(schema, arguments, StrictMode.OFF);
  }

  /**
   * Validates a {@code tools/call}'s {@code arguments} ({@code null}, an omitted member, counts as
   * {@code {}}). Pointers in the violations are relative to the arguments object.
   */
  public Validation validateArguments(
      CompiledToolSchema schema, JsonObject arguments, StrictMode strict) {
    return validate(schema, arguments == null ? new JsonObject() : arguments, strict);
  }

  /**
   * Validates a tool result's {@code structuredContent} against the tool's {@code outputSchema}
   * (never strict: the upstream's output is checked against its own contract only). Pointers are
   * relative to the {@code structuredContent} value.
   */
  public Validation validateStructuredContent(CompiledToolSchema schema, Object structuredContent) {
    return validate(schema, structuredContent, StrictMode.OFF);
  }

  /** How many schemas were compiled successfully (cache misses) since this instance was made. */
  public long compilations() {
    return compilations.sum();
  }

  /** How many compiled schemas the cache holds. */
  public int cached() {
    return cache.size();
  }

  private Validation validate(CompiledToolSchema schema, Object value, StrictMode strict) {
    JsonNode node = null;
    try {
      InstanceTree.Result tree =
          InstanceTree.of(value, limits.hardMaxDepth(), strict, limits.maxViolations());
      if (!tree.violations().isEmpty()) {
        return Validation.of(tree.violations());
      }
      node = tree.node();
      RegexBudget.current().reset(limits.regexBudget());
      List<Error> errors =
          schema.schema(strict.enabled()).validate(node, c -> c.setExecutionConfig(execution));
      List<Violation> violations = new ArrayList<>(Math.min(errors.size(), limits.maxViolations()));
      for (Error error : errors) {
        if (violations.size() == limits.maxViolations()) {
          break;
        }
        violations.add(ViolationWording.of(error));
      }
      return Validation.of(violations);
    } catch (BudgetedRegularExpressions.PatternTooExpensive e) {
      return single(
          node == null ? "" : ValuePointer.find(node, e.value()),
          Violation.PATTERN_TOO_EXPENSIVE,
          "the schema's pattern " + e.pattern() + " is too expensive to match on this value");
    } catch (ValidationLimitExceededException e) {
      return single(
          e.getInstanceLocation() == null ? "" : e.getInstanceLocation().toString(),
          Violation.VALIDATION_TOO_EXPENSIVE,
          "the value is too expensive to validate against the tool's schema");
    } catch (RuntimeException | StackOverflowError e) {
      // Fail closed: a value the validator cannot finish on is not a valid value.
      return single("", "schema", "the value could not be validated against the tool's schema");
    }
  }

  private static Validation single(String pointer, String rule, String message) {
    return Validation.of(List.of(new Violation(pointer, rule, message)));
  }

  private CompiledToolSchema compileNow(String key, JsonObject schemaJson) {
    if (schemaJson == null) {
      throw new InvalidToolSchemaException("the tool lists no schema");
    }
    JsonNode node = InstanceTree.ofSchema(schemaJson);
    SpecificationVersion dialect = dialect(node);
    Schema open = load(node, dialect);
    compilations.increment();
    return new CompiledToolSchema(
        key,
        dialect,
        open,
        () -> {
          JsonNode closed =
              ClosedSchema.of(
                  node, dialect.getOrder() >= SpecificationVersion.DRAFT_2019_09.getOrder());
          return closed.equals(node) ? open : load(closed, dialect);
        });
  }

  private static SpecificationVersion dialect(JsonNode node) {
    JsonNode declared = node.get("$schema");
    if (declared == null) {
      return SpecificationVersion.DRAFT_2020_12;
    }
    if (!declared.isString()) {
      throw new InvalidToolSchemaException("$schema must be a string naming a JSON Schema dialect");
    }
    return SpecificationVersion.fromDialectId(declared.asString())
        .orElseThrow(
            () ->
                new InvalidToolSchemaException(
                    "$schema "
                        + declared.asString()
                        + " is not a supported JSON Schema dialect (draft-04, draft-06, draft-07,"
                        + " 2019-09, 2020-12)"));
  }

  private static Schema load(JsonNode node, SpecificationVersion dialect) {
    // A registry per schema: schemas are cached by $id inside a registry, and one upstream's $id
    // must never resolve to another upstream's schema.
    SchemaRegistry registry =
        SchemaRegistry.withDefaultDialect(
            dialect,
            builder ->
                builder
                    .schemaRegistryConfig(REGISTRY_CONFIG)
                    .schemaLoader(loader -> loader.fetchRemoteResources(false).block(iri -> true)));
    try {
      Schema schema = registry.getSchema(node);
      schema.initializeValidators();
      return schema;
    } catch (RuntimeException | StackOverflowError e) {
      throw new InvalidToolSchemaException("the tool's schema cannot be compiled: " + reason(e), e);
    }
  }

  private static String reason(Throwable e) {
    String message = e.getMessage();
    Throwable cause = e;
    while ((message == null || message.isBlank()) && cause.getCause() != null) {
      cause = cause.getCause();
      message = cause.getMessage();
    }
    if (message == null) {
      return cause.getClass().getSimpleName();
    }
    Matcher blocked = BLOCKED_LOAD.matcher(message);
    if (blocked.find()) {
      return "$ref "
          + blocked.group(1)
          + " points outside the schema; only references inside the tool's schema are resolved,"
          + " nothing is fetched";
    }
    // networknt wraps some causes as "java.lang.SomeException: message".
    return message.replaceFirst("^[a-z]+(\\.[a-z]+)*\\.[A-Za-z]+(Exception|Error): ", "");
  }
}
