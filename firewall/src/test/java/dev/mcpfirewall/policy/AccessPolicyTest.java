package dev.mcpfirewall.policy;

import static dev.mcpfirewall.policy.PolicyFixtures.BILLING;
import static dev.mcpfirewall.policy.PolicyFixtures.DELETE;
import static dev.mcpfirewall.policy.PolicyFixtures.GHOST;
import static dev.mcpfirewall.policy.PolicyFixtures.NOTES;
import static dev.mcpfirewall.policy.PolicyFixtures.SEARCH;
import static dev.mcpfirewall.policy.PolicyFixtures.UPDATE;
import static dev.mcpfirewall.policy.PolicyFixtures.key;
import static dev.mcpfirewall.policy.PolicyFixtures.scopes;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mcpfirewall.auth.Principal;
import dev.mcpfirewall.config.PolicyConfig;
import dev.mcpfirewall.config.PolicyConfig.RoleConfig;
import dev.mcpfirewall.policy.AccessDecision.Reason;
import io.vertx.core.json.JsonArray;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

class AccessPolicyTest {

  private static RoleConfig role(
      String name, List<String> upstreams, List<String> tools, List<String> classes) {
    return new RoleConfig(name, upstreams, tools, classes, false, List.of(), List.of());
  }

  @Test
  void aReaderIsToldWhyItCannotCallADestructiveTool() {
    AccessDecision decision = PolicyFixtures.accessPolicy().tool(key("reader"), NOTES, DELETE);
    assertThat(decision.allowed()).isFalse();
    assertThat(decision.reason()).isEqualTo(Reason.DESTRUCTIVE_NOT_GRANTED);
    assertThat(decision.message())
        .isEqualTo(
            "tool 'delete_note' is destructive and role(s) [reader] grant read-only tools only"
                + " (destructive_not_granted)");
  }

  @Test
  void scopesNeverWiden() {
    AccessPolicy policy = PolicyFixtures.accessPolicy();
    Principal widest =
        key(scopes(List.of("*"), List.of("*"), List.of("destructive", "read-only")), "reader");
    assertThat(policy.tool(widest, NOTES, UPDATE).reason())
        .isEqualTo(Reason.DESTRUCTIVE_NOT_GRANTED);
    Principal destructiveOnly = key(scopes(List.of(), List.of(), List.of("destructive")), "reader");
    assertThat(policy.tool(destructiveOnly, NOTES, UPDATE).reason())
        .isEqualTo(Reason.DESTRUCTIVE_NOT_GRANTED);
    assertThat(policy.tool(destructiveOnly, NOTES, SEARCH).reason())
        .isEqualTo(Reason.SCOPE_EXCLUDES_CLASS);
    // A curator key scoped to billing does not reach billing: the role never granted it.
    Principal curatorOnBilling = key(scopes(List.of(BILLING), List.of(), List.of()), "curator");
    assertThat(
            PolicyFixtures.accessPolicy(PolicyFixtures.CURATOR)
                .upstream(curatorOnBilling, BILLING)
                .reason())
        .isEqualTo(Reason.UPSTREAM_NOT_GRANTED);
  }

  @Test
  void aClassScopeIsAGlobOverClassNames() {
    AccessPolicy policy = PolicyFixtures.accessPolicy();
    Principal any = key(scopes(List.of(), List.of(), List.of("*")), "operator");
    assertThat(policy.tool(any, NOTES, UPDATE).allowed()).isTrue();
    Principal typo = key(scopes(List.of(), List.of(), List.of("readonly")), "operator");
    assertThat(policy.tool(typo, NOTES, SEARCH).reason()).isEqualTo(Reason.SCOPE_EXCLUDES_CLASS);
  }

  @Test
  void anExplicitToolDenyWinsOverEveryGrant() {
    AccessPolicy policy = PolicyFixtures.accessPolicy(PolicyFixtures.CURATOR);
    AccessDecision decision = policy.tool(key("curator", "operator", "admin"), NOTES, DELETE);
    assertThat(decision.reason()).isEqualTo(Reason.TOOL_DENIED);
    assertThat(decision.message())
        .isEqualTo("tool 'delete_note' is denied to role 'curator' (tool_denied)");
    assertThat(policy.tool(key("operator"), NOTES, DELETE).allowed()).isTrue();
    // The deny covers every upstream, and tools the upstream never listed.
    assertThat(policy.tool(key("curator", "admin"), BILLING, "delete_all").reason())
        .isEqualTo(Reason.TOOL_DENIED);
  }

  @Test
  void anExplicitUpstreamDenyWinsOverEveryGrant() {
    RoleConfig noBilling =
        new RoleConfig(
            "no-billing", List.of(), List.of(), List.of(), false, List.of("bill*"), List.of());
    AccessPolicy policy = PolicyFixtures.accessPolicy(noBilling);
    Principal principal = key("admin", "no-billing");
    AccessDecision decision = policy.upstream(principal, BILLING);
    assertThat(decision.reason()).isEqualTo(Reason.UPSTREAM_DENIED);
    assertThat(decision.message())
        .isEqualTo("upstream 'billing' is denied to role 'no-billing' (upstream_denied)");
    assertThat(policy.tool(principal, BILLING, "refund").reason())
        .isEqualTo(Reason.UPSTREAM_DENIED);
    assertThat(policy.tool(principal, NOTES, UPDATE).allowed()).isTrue();
  }

  @Test
  void anUnknownRoleGrantsNothing() {
    AccessPolicy policy = PolicyFixtures.accessPolicy();
    Principal ghost = key("ghost-role");
    assertThat(policy.upstream(ghost, NOTES).reason()).isEqualTo(Reason.UPSTREAM_NOT_GRANTED);
    assertThat(policy.upstream(ghost, NOTES).message())
        .isEqualTo(
            "role(s) [ghost-role] grant no access to upstream 'notes' (upstream_not_granted)");
    assertThat(policy.tool(ghost, NOTES, SEARCH).reason()).isEqualTo(Reason.UPSTREAM_NOT_GRANTED);
    assertThat(policy.admin(ghost)).isFalse();
    Principal readerAndGhost = key("reader", "ghost-role");
    assertThat(policy.tool(readerAndGhost, NOTES, SEARCH).allowed()).isTrue();
    assertThat(policy.tool(readerAndGhost, NOTES, UPDATE).reason())
        .isEqualTo(Reason.DESTRUCTIVE_NOT_GRANTED);
  }

  @Test
  void aPrincipalWithoutRolesReachesNothing() {
    AccessDecision decision = PolicyFixtures.accessPolicy().upstream(key(), NOTES);
    assertThat(decision.reason()).isEqualTo(Reason.UPSTREAM_NOT_GRANTED);
    assertThat(decision.message()).startsWith("the caller's roles (none) grant no access");
  }

  @Test
  void aCustomRoleWithABuiltInNameReplacesIt() {
    AccessPolicy policy =
        PolicyFixtures.accessPolicy(
            role("reader", List.of(NOTES), List.of("search_*"), List.of("read-only")));
    assertThat(policy.tool(key("reader"), NOTES, SEARCH).allowed()).isTrue();
    assertThat(policy.upstream(key("reader"), BILLING).reason())
        .isEqualTo(Reason.UPSTREAM_NOT_GRANTED);
    assertThat(policy.roles().role("reader").config().upstreams()).containsExactly(NOTES);
    assertThat(policy.roles().role("operator")).isNotNull();
  }

  @Test
  void grantsAreUnitedPerRoleNotAcrossRoles() {
    // One role grants read-only tools on notes, another destructive ones on billing: together
    // they do not grant destructive tools on notes.
    AccessPolicy policy =
        PolicyFixtures.accessPolicy(
            role("notes-reader", List.of(NOTES), List.of("*"), List.of("read-only")),
            role("billing-writer", List.of(BILLING), List.of("*"), List.of("destructive")));
    Principal both = key("notes-reader", "billing-writer");
    assertThat(policy.tool(both, NOTES, SEARCH).allowed()).isTrue();
    assertThat(policy.tool(both, NOTES, UPDATE).reason()).isEqualTo(Reason.DESTRUCTIVE_NOT_GRANTED);
    assertThat(policy.tool(both, BILLING, "refund").allowed()).isTrue();
  }

  @Test
  void aRoleGrantingOnlyDestructiveToolsDoesNotGrantReadOnlyOnes() {
    AccessPolicy policy =
        PolicyFixtures.accessPolicy(
            role("writer", List.of("*"), List.of("*"), List.of("destructive")),
            role("nothing", List.of("*"), List.of("*"), List.of()));
    AccessDecision decision = policy.tool(key("writer"), NOTES, SEARCH);
    assertThat(decision.reason()).isEqualTo(Reason.READ_ONLY_NOT_GRANTED);
    assertThat(decision.message())
        .isEqualTo(
            "tool 'search_notes' is read-only and role(s) [writer] grant destructive tools only"
                + " (read_only_not_granted)");
    assertThat(policy.tool(key("nothing"), NOTES, UPDATE).message())
        .isEqualTo(
            "tool 'update_note' is destructive and role(s) [nothing] grant no destructive tools"
                + " (destructive_not_granted)");
    // A role without tool classes still reaches the upstream (resources, prompts).
    assertThat(policy.upstream(key("nothing"), NOTES).allowed()).isTrue();
  }

  @Test
  void theAdminApiNeedsARoleThatGrantsIt() {
    AccessPolicy policy =
        PolicyFixtures.accessPolicy(
            new RoleConfig("auditor", List.of(), List.of(), List.of(), true, List.of(), List.of()));
    assertThat(policy.admin(key("admin"))).isTrue();
    assertThat(policy.admin(key("auditor"))).isTrue();
    assertThat(policy.admin(key("operator"))).isFalse();
    assertThat(policy.admin(key("reader", "operator"))).isFalse();
    assertThat(policy.admin(null)).isFalse();
    // An admin API grant is no MCP grant.
    assertThat(policy.upstream(key("auditor"), NOTES).allowed()).isFalse();
  }

  @Test
  void messagesNameOnlyWhatWasAskedFor() {
    AccessPolicy policy = PolicyFixtures.accessPolicy(PolicyFixtures.CURATOR);
    List<String> otherTools = List.of(SEARCH, UPDATE, DELETE, GHOST, "refund");
    for (String role : List.of("reader", "curator")) {
      for (String tool : otherTools) {
        AccessDecision decision = policy.tool(key(role), NOTES, tool);
        for (String other : otherTools) {
          if (!other.equals(tool)) {
            assertThat(decision.message()).doesNotContain(other);
          }
        }
      }
    }
  }

  @Test
  void decisionsFollowTheCatalog() {
    LearnedToolCatalog catalog = PolicyFixtures.catalog();
    AccessPolicy policy = new AccessPolicy(PolicyConfig.defaults(), catalog);
    assertThat(policy.tool(key("operator"), NOTES, GHOST).reason()).isEqualTo(Reason.UNKNOWN_TOOL);
    catalog.learn(NOTES, new JsonArray().add(PolicyFixtures.tool(GHOST, true)));
    assertThat(policy.tool(key("reader"), NOTES, GHOST).allowed()).isTrue();
    catalog.learn(NOTES, new JsonArray().add(PolicyFixtures.tool(GHOST, false)));
    assertThat(policy.tool(key("reader"), NOTES, GHOST).reason())
        .isEqualTo(Reason.DESTRUCTIVE_NOT_GRANTED);
  }

  @Test
  void overridesDecideTheClass() {
    LearnedToolCatalog catalog =
        new LearnedToolCatalog(
            new PolicyConfig(
                List.of(), Map.of(NOTES, Map.of(DELETE, "read-only", SEARCH, "destructive"))));
    catalog.learn(NOTES, PolicyFixtures.notesListing());
    AccessPolicy policy = new AccessPolicy(PolicyConfig.defaults(), catalog);
    assertThat(policy.tool(key("reader"), NOTES, DELETE).allowed()).isTrue();
    assertThat(policy.tool(key("reader"), NOTES, SEARCH).reason())
        .isEqualTo(Reason.DESTRUCTIVE_NOT_GRANTED);
  }

  @Test
  void aTokenPrincipalIsNotNarrowed() {
    Principal jwt =
        new Principal(
            "jwt:https://idp|alice",
            Principal.Kind.JWT,
            Optional.empty(),
            Set.of("operator"),
            null);
    assertThat(PolicyFixtures.accessPolicy().tool(jwt, NOTES, UPDATE).allowed()).isTrue();
  }

  @Test
  void decisionsStayRightPastTheCompiledCacheBound() {
    AccessPolicy policy =
        new AccessPolicy(new Roles(PolicyConfig.defaults()), PolicyFixtures.catalog(), 2);
    for (int round = 0; round < 3; round++) {
      for (String tool : List.of("search_*", "update_*", "x*", "*", "s*")) {
        Principal p = key(scopes(List.of(), List.of(tool), List.of()), "operator");
        boolean expected = Glob.compile(tool).matches(UPDATE);
        assertThat(policy.tool(p, NOTES, UPDATE).allowed()).as(tool).isEqualTo(expected);
      }
    }
  }

  @Test
  void invalidRolesAreRefusedAtConstruction() {
    assertThatThrownBy(
            () ->
                PolicyFixtures.accessPolicy(
                    role("x", List.of("*"), List.of("*"), List.of("readonly"))))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage(
            "policy.roles.x.classes: 'readonly' is not a tool class; expected read-only or"
                + " destructive");
    assertThatThrownBy(
            () ->
                PolicyFixtures.accessPolicy(
                    role("x", List.of(), List.of(), List.of()),
                    role("x", List.of(), List.of(), List.of())))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("policy.roles: role 'x' is declared more than once");
  }
}
