package dev.mcpfirewall.policy;

import dev.mcpfirewall.auth.Principal;
import dev.mcpfirewall.config.AuthConfig.KeyScopes;
import dev.mcpfirewall.config.PolicyConfig;
import dev.mcpfirewall.config.PolicyConfig.RoleConfig;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/** The upstreams, tools and roles the policy tests share. */
final class PolicyFixtures {
  static final String NOTES = "notes";
  static final String BILLING = "billing";

  /** Listed by "notes", read-only. */
  static final String SEARCH = "search_notes";

  /** Listed by "notes", destructive. */
  static final String UPDATE = "update_note";

  /** Listed by "notes", destructive; the curator role denies it. */
  static final String DELETE = "delete_note";

  /** Never listed. */
  static final String GHOST = "ghost_note";

  /** A custom role: one upstream, some tools by glob, both classes, and a deny. */
  static final RoleConfig CURATOR =
      new RoleConfig(
          "curator",
          List.of(NOTES),
          List.of("search_*", "ghost_*", "delete_*"),
          List.of("read-only", "destructive"),
          false,
          List.of(),
          List.of("delete_*"));

  private PolicyFixtures() {}

  static PolicyConfig policy(RoleConfig... roles) {
    return new PolicyConfig(List.of(roles), Map.of());
  }

  static JsonObject tool(String name, Boolean readOnlyHint) {
    JsonObject tool =
        new JsonObject()
            .put("name", name)
            .put("description", "the " + name + " tool")
            .put("inputSchema", new JsonObject().put("type", "object"));
    if (readOnlyHint != null) {
      tool.put("annotations", new JsonObject().put("readOnlyHint", readOnlyHint));
    }
    return tool;
  }

  static JsonArray notesListing() {
    return new JsonArray().add(tool(SEARCH, true)).add(tool(UPDATE, false)).add(tool(DELETE, null));
  }

  static LearnedToolCatalog catalog() {
    LearnedToolCatalog catalog = new LearnedToolCatalog(PolicyConfig.defaults());
    catalog.learn(NOTES, notesListing());
    catalog.learn(BILLING, new JsonArray().add(tool("refund", false)));
    return catalog;
  }

  static AccessPolicy accessPolicy(RoleConfig... roles) {
    return new AccessPolicy(policy(roles), catalog());
  }

  static Principal key(KeyScopes scopes, String... roles) {
    return new Principal(
        "key-owner:test", Principal.Kind.API_KEY, Optional.of("k1"), Set.of(roles), scopes);
  }

  static Principal key(String... roles) {
    return key(KeyScopes.unrestricted(), roles);
  }

  static KeyScopes scopes(List<String> upstreams, List<String> tools, List<String> classes) {
    return new KeyScopes(upstreams, tools, classes, List.of());
  }
}
