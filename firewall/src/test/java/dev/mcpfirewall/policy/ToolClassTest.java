package dev.mcpfirewall.policy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mcpfirewall.config.PolicyConfig;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ToolClassTest {

  @ParameterizedTest(name = "annotations {0} -> {1}")
  @CsvSource(
      delimiter = '|',
      value = {
        "{}                                              | DESTRUCTIVE",
        "{\"readOnlyHint\":false}                        | DESTRUCTIVE",
        "{\"readOnlyHint\":\"true\"}                     | DESTRUCTIVE",
        "{\"readOnlyHint\":1}                            | DESTRUCTIVE",
        "{\"destructiveHint\":false}                     | DESTRUCTIVE",
        "{\"idempotentHint\":true}                       | DESTRUCTIVE",
        "{\"readOnlyHint\":true}                         | READ_ONLY",
        "{\"readOnlyHint\":true,\"destructiveHint\":false} | READ_ONLY",
        "{\"readOnlyHint\":true,\"destructiveHint\":true}  | DESTRUCTIVE",
      })
  void onlyAnExplicitReadOnlyHintMakesAToolReadOnly(String annotations, ToolClass expected) {
    assertThat(ToolClass.fromAnnotations(new JsonObject(annotations))).isEqualTo(expected);
  }

  @Test
  void noAnnotationsIsDestructive() {
    assertThat(ToolClass.fromAnnotations(null)).isEqualTo(ToolClass.DESTRUCTIVE);
  }

  @Test
  void labelsParseExactly() {
    assertThat(ToolClass.parse("read-only")).isEqualTo(ToolClass.READ_ONLY);
    assertThat(ToolClass.parse("destructive")).isEqualTo(ToolClass.DESTRUCTIVE);
    assertThatThrownBy(() -> ToolClass.parse("READ_ONLY"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("expected read-only or destructive");
  }

  private static JsonArray listing() {
    return new JsonArray()
        .add(tool("search", new JsonObject().put("readOnlyHint", true)))
        .add(tool("delete", new JsonObject().put("readOnlyHint", false)))
        .add(new JsonObject().put("name", "bare"))
        .add(tool("claims_safe", new JsonObject().put("readOnlyHint", true)));
  }

  static JsonObject tool(String name, JsonObject annotations) {
    return new JsonObject()
        .put("name", name)
        .put("inputSchema", new JsonObject().put("type", "object"))
        .put("annotations", annotations);
  }

  @Test
  void theCatalogClassifiesListedToolsAndTreatsUnknownOnesAsDestructive() {
    LearnedToolCatalog catalog = new LearnedToolCatalog(PolicyConfig.defaults());
    catalog.learn("notes", listing());
    assertThat(catalog.classOf("notes", "search")).isEqualTo(ToolClass.READ_ONLY);
    assertThat(catalog.classOf("notes", "delete")).isEqualTo(ToolClass.DESTRUCTIVE);
    assertThat(catalog.classOf("notes", "bare")).isEqualTo(ToolClass.DESTRUCTIVE);
    assertThat(catalog.isKnown("notes", "bare")).isTrue();
    assertThat(catalog.isKnown("notes", "ghost")).isFalse();
    assertThat(catalog.classOf("notes", "ghost")).isEqualTo(ToolClass.DESTRUCTIVE);
    assertThat(catalog.isKnown("other", "search")).isFalse();
    assertThat(catalog.classOf("other", "search")).isEqualTo(ToolClass.DESTRUCTIVE);
  }

  @Test
  void overridesWinInBothDirections() {
    PolicyConfig policy =
        new PolicyConfig(
            List.of(),
            Map.of(
                "notes",
                Map.of("bare", "read-only", "claims_safe", "destructive", "ghost", "read-only")));
    LearnedToolCatalog catalog = new LearnedToolCatalog(policy);
    catalog.learn("notes", listing());
    assertThat(catalog.classOf("notes", "bare")).isEqualTo(ToolClass.READ_ONLY);
    assertThat(catalog.classOf("notes", "claims_safe")).isEqualTo(ToolClass.DESTRUCTIVE);
    assertThat(catalog.classOf("notes", "search")).isEqualTo(ToolClass.READ_ONLY);
    // An override classifies, but does not make a never-listed tool known.
    assertThat(catalog.isKnown("notes", "ghost")).isFalse();
    // Overrides are per upstream.
    LearnedToolCatalog other = new LearnedToolCatalog(policy);
    other.learn("elsewhere", listing());
    assertThat(other.classOf("elsewhere", "claims_safe")).isEqualTo(ToolClass.READ_ONLY);
  }

  @Test
  void anInvalidOverrideIsRefusedNamingWhereItIs() {
    PolicyConfig policy = new PolicyConfig(List.of(), Map.of("notes", Map.of("x", "readonly")));
    assertThatThrownBy(() -> new LearnedToolCatalog(policy))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage(
            "policy.toolClasses.notes.x: 'readonly' is not a tool class; expected read-only or"
                + " destructive");
  }

  @Test
  void pagesAddUpAndALaterListingReplacesATool() {
    LearnedToolCatalog catalog = new LearnedToolCatalog(PolicyConfig.defaults());
    catalog.learn(
        "notes", new JsonArray().add(tool("a", new JsonObject().put("readOnlyHint", true))));
    catalog.learn("notes", new JsonArray().add(tool("b", new JsonObject())));
    assertThat(catalog.tools("notes")).containsOnlyKeys("a", "b");
    assertThat(catalog.classOf("notes", "a")).isEqualTo(ToolClass.READ_ONLY);
    catalog.learn("notes", new JsonArray().add(tool("a", new JsonObject())));
    assertThat(catalog.classOf("notes", "a")).isEqualTo(ToolClass.DESTRUCTIVE);
    assertThat(catalog.tools("notes")).containsOnlyKeys("a", "b");
  }

  @Test
  void theCatalogKeepsACopyOfAnnotationsAndSkipsNamelessEntries() {
    LearnedToolCatalog catalog = new LearnedToolCatalog(PolicyConfig.defaults());
    JsonObject annotations = new JsonObject().put("readOnlyHint", true);
    catalog.learn(
        "notes",
        new JsonArray()
            .add(tool("a", annotations))
            .add(new JsonObject().put("name", 42))
            .add("not an object"));
    annotations.put("readOnlyHint", false);
    assertThat(catalog.tools("notes")).containsOnlyKeys("a");
    assertThat(catalog.classOf("notes", "a")).isEqualTo(ToolClass.READ_ONLY);
    assertThat(catalog.tools("notes").get("a").annotations().getBoolean("readOnlyHint")).isTrue();
  }

  @Test
  void theCatalogIsBoundedPerUpstream() {
    LearnedToolCatalog catalog = new LearnedToolCatalog(ToolClassOverrides.none(), 2);
    catalog.learn(
        "notes",
        new JsonArray()
            .add(tool("a", new JsonObject()))
            .add(tool("b", new JsonObject()))
            .add(tool("c", new JsonObject())));
    assertThat(catalog.isKnown("notes", "c")).isFalse();
    // A known tool can still be re-listed at the bound.
    catalog.learn(
        "notes", new JsonArray().add(tool("a", new JsonObject().put("readOnlyHint", true))));
    assertThat(catalog.classOf("notes", "a")).isEqualTo(ToolClass.READ_ONLY);
    catalog.learn("other", new JsonArray().add(tool("c", new JsonObject())));
    assertThat(catalog.isKnown("other", "c")).isTrue();
  }
}
