package dev.mcpfirewall.interop;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mcpfirewall.testpeers.ConformanceSuite;
import dev.mcpfirewall.testpeers.ConformanceUpstream;
import dev.mcpfirewall.testpeers.CredentialShim;
import dev.mcpfirewall.testpeers.FirewallUnderTest;
import java.net.URI;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.TestInstance;

/**
 * The official MCP conformance suite ({@code @modelcontextprotocol/conformance}, on Node 22) run,
 * with an API key added by a small relay (the suite sends no credentials), through the firewall in
 * front of the project's conformance upstream: every active server scenario must pass exactly as it
 * does against the upstream directly ({@code ConformanceUpstreamDirectTest}).
 */
@Tag("conformance")
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ConformanceThroughFirewallTest {
  private ConformanceSuite suite;
  private ConformanceUpstream upstream;
  private FirewallUnderTest firewall;
  private CredentialShim shim;

  @BeforeAll
  void start() throws Exception {
    suite = ConformanceSuite.locate();
    upstream = ConformanceUpstream.start(0);
    firewall =
        FirewallUnderTest.start(
            List.of(FirewallUnderTest.http("conformance", upstream.endpoint())));
    // The suite sends no credentials: a relay in front adds the agent's API key.
    shim = CredentialShim.start(firewall.vertx(), firewall.port(), firewall.agentKey());
  }

  @AfterAll
  void stop() throws Exception {
    if (shim != null) {
      shim.close();
    }
    if (firewall != null) {
      firewall.close();
    }
    if (upstream != null) {
      upstream.close();
    }
  }

  @TestFactory
  Stream<DynamicTest> activeServerScenariosPassThroughTheFirewall() {
    URI endpoint = URI.create(shim.base() + "/mcp/conformance");
    List<ConformanceSuite.ScenarioResult> results = suite.runActiveSuite(endpoint);
    List<String> direct =
        suite.runActiveSuite(upstream.endpoint()).stream()
            .map(ConformanceSuite.ScenarioResult::scenario)
            .toList();

    assertThat(results)
        .extracting(ConformanceSuite.ScenarioResult::scenario)
        .as("the same scenarios run through the firewall as directly")
        .containsExactlyInAnyOrderElementsOf(direct)
        .isNotEmpty();

    return results.stream()
        .map(result -> DynamicTest.dynamicTest(result.scenario(), result::assertPassed));
  }
}
