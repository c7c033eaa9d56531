package dev.mcpfirewall.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.BiConsumer;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** Guards on the schema file itself, so that later edits keep it documented and self-contained. */
class ConfigSchemaTest {

  private static final Path SCHEMA_FILE =
      Path.of("..", "config", "schema", "mcp-firewall.schema.json");
  private static final List<String> RESERVED = List.of("cluster");

  private final JsonNode schema = JsonMapper.builder().build().readTree(SCHEMA_FILE.toFile());

  @Test
  void theJarCarriesTheSchemaFromConfigSchema() throws IOException {
    try (InputStream in = getClass().getClassLoader().getResourceAsStream(ConfigSchema.RESOURCE)) {
      assertThat(in).isNotNull();
      assertThat(in.readAllBytes()).isEqualTo(Files.readAllBytes(SCHEMA_FILE));
    }
  }

  @Test
  void isDraft2020WithNoReferenceOutsideItself() {
    assertThat(schema.path("$schema").asString())
        .isEqualTo("https://json-schema.org/draft/2020-12/schema");
    List<String> refs = new ArrayList<>();
    walk(
        schema,
        "",
        (pointer, node) -> node.path("$ref").asOptional().ifPresent(r -> refs.add(r.asString())));
    assertThat(refs).isNotEmpty().allSatisfy(ref -> assertThat(ref).startsWith("#/$defs/"));
  }

  @Test
  void everyPropertyIsDescribed() {
    List<String> undescribed = new ArrayList<>();
    walk(
        schema,
        "",
        (pointer, node) ->
            node.path("properties")
                .properties()
                .forEach(
                    p -> {
                      if (!p.getValue().path("description").isString()) {
                        undescribed.add(pointer + "/properties/" + p.getKey());
                      }
                    }));
    assertThat(undescribed).isEmpty();
  }

  @Test
  void everyObjectRejectsUnknownKeysExceptFreeFormMaps() {
    List<String> open = new ArrayList<>();
    walk(
        schema,
        "",
        (pointer, node) -> {
          if (node.has("properties") && !node.path("additionalProperties").isBoolean()) {
            open.add(pointer);
          }
        });
    assertThat(open).isEmpty();
    assertThat(schema.path("additionalProperties").asBoolean(true)).isFalse();
  }

  @Test
  void everyCombinatorHasAPlainWordsMessage() {
    List<String> unexplained = new ArrayList<>();
    walk(
        schema,
        "",
        (pointer, node) -> {
          for (String combinator : List.of("anyOf", "oneOf")) {
            if (node.has(combinator) && !node.path("errorMessage").path(combinator).isString()) {
              unexplained.add(pointer + "/" + combinator);
            }
          }
        });
    assertThat(unexplained).isEmpty();
  }

  @Test
  void reservesTheKeysOfLaterVersionsAsObjects() {
    for (String key : RESERVED) {
      JsonNode property = schema.path("properties").path(key);
      assertThat(property.path("type").asString()).as(key).isEqualTo("object");
      assertThat(property.path("description").asString()).as(key).startsWith("Reserved");
    }
    assertThat(schema.path("description").asString())
        .contains("cluster is reserved for a later version");
  }

  @Test
  void documentsTheDefaultsTheLoaderApplies() {
    assertThat(schema.at("/$defs/listener/properties/host/default").asString())
        .isEqualTo(ListenConfig.DEFAULT_HOST);
    assertThat(schema.at("/properties/listen/default/host").asString())
        .isEqualTo(ListenConfig.DEFAULT_HOST);
    assertThat(schema.at("/properties/listen/default/port").asInt())
        .isEqualTo(ListenConfig.DEFAULT_PORT);
    JsonNode admin = schema.at("/properties/admin/properties/listen/default");
    assertThat(admin.path("host").asString()).isEqualTo(AdminConfig.defaults().listen().host());
    assertThat(admin.path("port").asInt()).isEqualTo(AdminConfig.DEFAULT_PORT);
    assertThat(schema.at("/properties/dataDir/default").asString())
        .isEqualTo("./" + FirewallConfig.DEFAULT_DATA_DIR);
    assertThat(
            schema.at("/properties/auth/properties/lockout/properties/threshold/default").asInt())
        .isEqualTo(AuthConfig.Lockout.DEFAULT_THRESHOLD);
    assertThat(schema.at("/$defs/jwt/properties/rolesClaim/default").asString())
        .isEqualTo(AuthConfig.JwtConfig.DEFAULT_ROLES_CLAIM);
    assertThat(schema.at("/$defs/jwt/properties/subjectClaim/default").asString())
        .isEqualTo(AuthConfig.JwtConfig.DEFAULT_SUBJECT_CLAIM);
    assertThat(strings(schema.at("/$defs/jwt/properties/algorithms/default")))
        .isEqualTo(AuthConfig.JwtConfig.DEFAULT_ALGORITHMS);
    assertThat(schema.at("/$defs/role/properties/admin/default").asBoolean(true)).isFalse();
    assertThat(schema.at("/properties/limits/properties/maxBodyBytes/default").asInt())
        .isEqualTo(LimitsConfig.DEFAULT_MAX_BODY_BYTES);
    assertThat(schema.at("/properties/limits/properties/maxJsonDepth/default").asInt())
        .isEqualTo(LimitsConfig.DEFAULT_MAX_JSON_DEPTH);
    assertThat(schema.at("/properties/sessions/properties/maxSessions/default").asInt())
        .isEqualTo(SessionConfig.DEFAULT_MAX_SESSIONS);
    Map<String, java.time.Duration> durations =
        Map.ofEntries(
            Map.entry(
                "/properties/sessions/properties/idleTimeout/default",
                SessionConfig.DEFAULT_IDLE_TIMEOUT),
            Map.entry(
                "/$defs/upstream/properties/timeouts/properties/connect/default",
                UpstreamConfig.Timeouts.DEFAULT_CONNECT),
            Map.entry(
                "/$defs/upstream/properties/timeouts/properties/request/default",
                UpstreamConfig.Timeouts.DEFAULT_REQUEST),
            Map.entry(
                "/$defs/upstream/properties/restart/properties/initialBackoff/default",
                UpstreamConfig.Restart.DEFAULT_INITIAL_BACKOFF),
            Map.entry(
                "/$defs/upstream/properties/restart/properties/maxBackoff/default",
                UpstreamConfig.Restart.DEFAULT_MAX_BACKOFF),
            Map.entry(
                "/properties/auth/properties/keyPolicy/properties/maxAge/default",
                AuthConfig.KeyPolicy.DEFAULT_MAX_AGE),
            Map.entry(
                "/properties/auth/properties/keyPolicy/properties/expiryWarning/default",
                AuthConfig.KeyPolicy.DEFAULT_EXPIRY_WARNING),
            Map.entry(
                "/properties/auth/properties/keyPolicy/properties/rotationGrace/default",
                AuthConfig.KeyPolicy.DEFAULT_ROTATION_GRACE),
            Map.entry(
                "/properties/auth/properties/lockout/properties/window/default",
                AuthConfig.Lockout.DEFAULT_WINDOW),
            Map.entry(
                "/properties/auth/properties/lockout/properties/initialBackoff/default",
                AuthConfig.Lockout.DEFAULT_INITIAL_BACKOFF),
            Map.entry(
                "/properties/auth/properties/lockout/properties/maxBackoff/default",
                AuthConfig.Lockout.DEFAULT_MAX_BACKOFF),
            Map.entry(
                "/$defs/jwt/properties/clockSkew/default", AuthConfig.JwtConfig.DEFAULT_CLOCK_SKEW),
            Map.entry(
                "/$defs/jwt/properties/jwksRefresh/default",
                AuthConfig.JwtConfig.DEFAULT_JWKS_REFRESH));
    durations.forEach(
        (pointer, expected) ->
            assertThat(DurationParser.parse(schema.at(pointer).asString()))
                .as(pointer)
                .isEqualTo(expected));
    assertThat(strings(schema.at("/properties/protocolVersions/default")))
        .isEqualTo(FirewallConfig.DEFAULT_PROTOCOL_VERSIONS);
  }

  @Test
  void agreesWithTheRecordsOnWhatIsAllowed() {
    assertThat(strings(schema.at("/$defs/jwtAlgorithm/else/else/enum")))
        .isEqualTo(AuthConfig.JwtConfig.SUPPORTED_ALGORITHMS);
    assertThat(AuthConfig.JwtConfig.SUPPORTED_ALGORITHMS)
        .containsAll(AuthConfig.JwtConfig.DEFAULT_ALGORITHMS)
        .noneMatch(alg -> alg.equalsIgnoreCase("none") || alg.startsWith("HS"));
    assertThat(strings(schema.at("/$defs/toolClass/enum"))).isEqualTo(PolicyConfig.TOOL_CLASSES);
    assertThat(schema.at("/properties/auth/properties/keyPepper/minLength").asInt())
        .isEqualTo(AuthConfig.MIN_KEY_PEPPER_LENGTH);
    assertThat(PolicyConfig.BUILT_IN_ROLES)
        .allMatch(role -> role.matches(schema.at("/$defs/roleName/pattern").asString()));
  }

  private static List<String> strings(JsonNode array) {
    List<String> values = new ArrayList<>();
    array.forEach(v -> values.add(v.asString()));
    assertThat(values).as("a list in the schema").isNotEmpty();
    return values;
  }

  @Test
  void isCompiledOnce() {
    assertThat(ConfigSchema.get()).isSameAs(ConfigSchema.get());
  }

  @Test
  void suggestsTheKeyAnOperatorProbablyMeant() {
    List<String> keys = List.of("listen", "upstreams", "limits", "sessions", "protocolVersions");
    assertThat(ConfigSchema.closest("lisen", keys)).contains("listen");
    assertThat(ConfigSchema.closest("upstream", keys)).contains("upstreams");
    assertThat(ConfigSchema.closest("ProtocolVersions", keys)).contains("protocolVersions");
    assertThat(ConfigSchema.closest("xyz", keys)).isEmpty();
  }

  /** Visits every schema object in the document, with its JSON pointer. */
  private static void walk(JsonNode node, String pointer, BiConsumer<String, JsonNode> visitor) {
    if (node.isObject()) {
      visitor.accept(pointer, node);
      node.properties().stream()
          .filter(p -> !p.getKey().equals("errorMessage")) // messages, not schemas
          .forEach(p -> walk(p.getValue(), pointer + "/" + p.getKey(), visitor));
    } else if (node.isArray()) {
      for (int i = 0; i < node.size(); i++) {
        walk(node.get(i), pointer + "/" + i, visitor);
      }
    }
  }
}
