package dev.mcpfirewall.benchmark;

import dev.mcpfirewall.schema.CompiledToolSchema;
import dev.mcpfirewall.schema.StrictMode;
import dev.mcpfirewall.schema.ToolSchemaLimits;
import dev.mcpfirewall.schema.ToolSchemas;
import dev.mcpfirewall.schema.Validation;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Validating a {@code tools/call}'s arguments against the tool's cached input schema, as the
 * firewall's SCHEMA stage does once per call: a realistic schema (nested objects, strings with
 * patterns and formats, arrays of objects, enums, a {@code $ref}) and valid arguments of about 1.9
 * KB. Sample mode, for the p99 the issue budgets (50 µs).
 *
 * <pre>
 * ./mvnw -q -pl firewall test-compile exec:exec -DskipTests -Dexec.executable=java \
 *   -Dexec.classpathScope=test \
 *   -Dexec.args="-cp %classpath org.openjdk.jmh.Main SchemaValidation -f 1 -wi 3 -i 5 -bm sample -tu us"
 * </pre>
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class SchemaValidationBenchmark {
  private ToolSchemas schemas;
  private JsonObject inputSchema;
  private CompiledToolSchema compiled;
  private JsonObject arguments;
  private StrictMode strict;

  @Setup
  public void setUp() {
    schemas = new ToolSchemas(ToolSchemaLimits.defaults());
    inputSchema = realisticSchema();
    compiled = schemas.compile("bench-definition-hash", inputSchema);
    arguments = realisticArguments();
    strict = StrictMode.defaults();
    Validation check = schemas.validateArguments(compiled, arguments, strict);
    if (!check.isValid()) {
      throw new IllegalStateException("benchmark arguments must be valid: " + check.violations());
    }
    System.out.printf(
        "%n[SchemaValidationBenchmark] arguments: %d bytes, schema: %d bytes%n",
        arguments.encode().length(), inputSchema.encode().length());
  }

  /** The per-call cost without strict mode. */
  @Benchmark
  public Validation validateArguments() {
    return schemas.validateArguments(compiled, arguments, StrictMode.OFF);
  }

  /** The per-call cost with strict mode (closed objects and size caps). */
  @Benchmark
  public Validation validateArgumentsStrict() {
    return schemas.validateArguments(compiled, arguments, strict);
  }

  /** Fetching the compiled schema from the cache by the pin's definition hash. */
  @Benchmark
  public CompiledToolSchema cachedCompile() {
    return schemas.compile("bench-definition-hash", inputSchema);
  }

  static JsonObject realisticSchema() {
    return new JsonObject(
        """
        {
          "$schema": "https://json-schema.org/draft/2020-12/schema",
          "type": "object",
          "$defs": {
            "money": {
              "type": "object",
              "properties": {
                "amount": {"type": "number", "minimum": 0},
                "currency": {"type": "string", "pattern": "^[A-Z]{3}$"}
              },
              "required": ["amount", "currency"]
            }
          },
          "properties": {
            "requestId": {"type": "string", "format": "uuid"},
            "query": {"type": "string", "minLength": 1, "maxLength": 500},
            "mode": {"enum": ["fast", "balanced", "thorough"]},
            "requestedBy": {"type": "string", "format": "email"},
            "createdAt": {"type": "string", "format": "date-time"},
            "callback": {"type": "string", "format": "uri"},
            "limit": {"type": "integer", "minimum": 1, "maximum": 1000},
            "filters": {
              "type": "object",
              "properties": {
                "regions": {"type": "array", "items": {"enum": ["EMEA", "APAC", "AMER"]},
                            "uniqueItems": true},
                "from": {"type": "string", "format": "date"},
                "to": {"type": "string", "format": "date"},
                "accounts": {"type": "array", "maxItems": 50,
                             "items": {"type": "string", "pattern": "^[0-9]{4}-[0-9]{2}$"}},
                "minimum": {"$ref": "#/$defs/money"}
              },
              "required": ["from", "to"]
            },
            "lines": {
              "type": "array",
              "maxItems": 100,
              "items": {
                "type": "object",
                "properties": {
                  "sku": {"type": "string", "pattern": "^[A-Z]{3}-[0-9]{4}$"},
                  "quantity": {"type": "integer", "minimum": 1},
                  "price": {"$ref": "#/$defs/money"},
                  "note": {"type": "string", "maxLength": 200}
                },
                "required": ["sku", "quantity", "price"]
              }
            },
            "tags": {"type": "array", "items": {"type": "string", "maxLength": 32}, "maxItems": 20},
            "options": {
              "type": "object",
              "properties": {
                "includeDrafts": {"type": "boolean"},
                "format": {"enum": ["json", "csv", "markdown"]},
                "locale": {"type": "string", "pattern": "^[a-z]{2}(-[A-Z]{2})?$"}
              }
            }
          },
          "required": ["requestId", "query", "mode"]
        }
        """);
  }

  static JsonObject realisticArguments() {
    JsonArray lines = new JsonArray();
    for (int i = 0; i < 8; i++) {
      lines.add(
          new JsonObject()
              .put("sku", "ABC-10" + (10 + i))
              .put("quantity", i + 1)
              .put("price", new JsonObject().put("amount", 19.99 + i).put("currency", "EUR"))
              .put("note", "Deliver to the loading bay at the back, ask for the shift lead."));
    }
    return new JsonObject()
        .put("requestId", "3f1c6a2e-8d4b-4c1a-9e2f-0b7a5d6c4e31")
        .put(
            "query",
            "Quarterly revenue by region for the last three years, excluding intra-group"
                + " transfers, with currency normalised to EUR at the closing rate.")
        .put("mode", "balanced")
        .put("requestedBy", "analyst@example.com")
        .put("createdAt", "2026-11-27T06:30:00Z")
        .put("callback", "https://hooks.example.com/reports/ready")
        .put("limit", 250)
        .put(
            "filters",
            new JsonObject()
                .put("regions", new JsonArray().add("EMEA").add("APAC").add("AMER"))
                .put("from", "2023-01-01")
                .put("to", "2025-12-31")
                .put("accounts", new JsonArray().add("4000-10").add("4000-20").add("4100-10"))
                .put("minimum", new JsonObject().put("amount", 1000).put("currency", "EUR")))
        .put("lines", lines)
        .put("tags", new JsonArray().add("finance").add("quarterly").add("board-pack"))
        .put(
            "options",
            new JsonObject()
                .put("includeDrafts", false)
                .put("format", "markdown")
                .put("locale", "en-GB"));
  }
}
