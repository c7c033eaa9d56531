package dev.mcpfirewall.policy;

import static dev.mcpfirewall.policy.PolicyFixtures.GHOST;
import static dev.mcpfirewall.policy.PolicyFixtures.NOTES;
import static dev.mcpfirewall.policy.PolicyFixtures.SEARCH;
import static dev.mcpfirewall.policy.PolicyFixtures.UPDATE;
import static org.assertj.core.api.Assertions.assertThat;

import dev.mcpfirewall.config.AuthConfig.KeyScopes;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * Roles x tool classes x key scopes: every cell's decision and reason code, as the table below
 * states it. A change of semantics shows up as the named cell that changed.
 */
class AccessPolicyMatrixTest {

  /** The tool called for each tool class (on upstream "notes"). */
  private static final Map<String, String> TOOL_OF_CLASS =
      Map.of("read-only", SEARCH, "destructive", UPDATE, "unknown", GHOST);

  private static final List<String> CLASSES = List.of("read-only", "destructive", "unknown");

  private static final Map<String, KeyScopes> SCOPES =
      Map.of(
          "none", KeyScopes.unrestricted(),
          "upstream-narrowed-in", PolicyFixtures.scopes(List.of("no*"), List.of(), List.of()),
          "upstream-narrowed-out", PolicyFixtures.scopes(List.of("billing"), List.of(), List.of()),
          "tool-narrowed", PolicyFixtures.scopes(List.of(), List.of("search_*"), List.of()),
          "class-read-only", PolicyFixtures.scopes(List.of(), List.of(), List.of("read-only")),
          "class-destructive", PolicyFixtures.scopes(List.of(), List.of(), List.of("destructive")));

  /**
   * One row per role and scope; columns are the read-only, destructive and unknown tool. "granted"
   * means allowed; anything else is the refusal's reason code. The curator role grants "notes" with
   * tools search_*, ghost_*, delete_* (so update_note is not granted by name).
   */
  private static final String EXPECTED =
      """
      reader    none                  granted               destructive_not_granted  unknown_tool
      reader    upstream-narrowed-in  granted               destructive_not_granted  unknown_tool
      reader    upstream-narrowed-out scope_excludes_upstream scope_excludes_upstream scope_excludes_upstream
      reader    tool-narrowed         granted               scope_excludes_tool      scope_excludes_tool
      reader    class-read-only       granted               destructive_not_granted  unknown_tool
      reader    class-destructive     scope_excludes_class  destructive_not_granted  unknown_tool
      operator  none                  granted               granted                  unknown_tool
      operator  upstream-narrowed-in  granted               granted                  unknown_tool
      operator  upstream-narrowed-out scope_excludes_upstream scope_excludes_upstream scope_excludes_upstream
      operator  tool-narrowed         granted               scope_excludes_tool      scope_excludes_tool
      operator  class-read-only       granted               scope_excludes_class     unknown_tool
      operator  class-destructive     scope_excludes_class  granted                  unknown_tool
      admin     none                  granted               granted                  unknown_tool
      admin     upstream-narrowed-in  granted               granted                  unknown_tool
      admin     upstream-narrowed-out scope_excludes_upstream scope_excludes_upstream scope_excludes_upstream
      admin     tool-narrowed         granted               scope_excludes_tool      scope_excludes_tool
      admin     class-read-only       granted               scope_excludes_class     unknown_tool
      admin     class-destructive     scope_excludes_class  granted                  unknown_tool
      curator   none                  granted               tool_not_granted         unknown_tool
      curator   upstream-narrowed-in  granted               tool_not_granted         unknown_tool
      curator   upstream-narrowed-out scope_excludes_upstream scope_excludes_upstream scope_excludes_upstream
      curator   tool-narrowed         granted               tool_not_granted         scope_excludes_tool
      curator   class-read-only       granted               tool_not_granted         unknown_tool
      curator   class-destructive     scope_excludes_class  tool_not_granted         unknown_tool
      """;

  @TestFactory
  Stream<DynamicTest> rolesByToolClassesByKeyScopes() {
    AccessPolicy policy = PolicyFixtures.accessPolicy(PolicyFixtures.CURATOR);
    List<DynamicTest> cells = new ArrayList<>();
    EXPECTED
        .lines()
        .filter(line -> !line.isBlank())
        .forEach(
            line -> {
              String[] columns = line.trim().split("\\s+");
              String role = columns[0];
              String scope = columns[1];
              for (int c = 0; c < CLASSES.size(); c++) {
                String toolClass = CLASSES.get(c);
                String expected = columns[2 + c];
                String tool = TOOL_OF_CLASS.get(toolClass);
                cells.add(
                    DynamicTest.dynamicTest(
                        role + " x " + toolClass + " x scope " + scope + " -> " + expected,
                        () -> {
                          AccessDecision decision =
                              policy.tool(PolicyFixtures.key(SCOPES.get(scope), role), NOTES, tool);
                          assertThat(decision.reason().code()).isEqualTo(expected);
                          assertThat(decision.allowed()).isEqualTo(expected.equals("granted"));
                          if (!decision.allowed()) {
                            assertThat(decision.message()).endsWith("(" + expected + ")");
                          }
                        }));
              }
            });
    assertThat(cells).hasSize(4 * SCOPES.size() * CLASSES.size());
    return cells.stream();
  }
}
