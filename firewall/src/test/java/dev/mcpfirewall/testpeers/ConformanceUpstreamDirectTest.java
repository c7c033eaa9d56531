package dev.mcpfirewall.testpeers;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.TestInstance;

/**
 * The official conformance suite's active server scenarios, run straight against {@link
 * ConformanceUpstream} (no firewall): one dynamic test per scenario. This proves the test peer, so
 * that a scenario failing through the firewall is the firewall's fault.
 */
@Tag("conformance")
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ConformanceUpstreamDirectTest {

  private ConformanceSuite suite;
  private ConformanceUpstream upstream;

  @BeforeAll
  void start() {
    suite = ConformanceSuite.locate();
    upstream = ConformanceUpstream.start(0);
  }

  @AfterAll
  void stop() {
    if (upstream != null) {
      upstream.close();
    }
  }

  @TestFactory
  Stream<DynamicTest> activeServerScenarios() {
    List<ConformanceSuite.ScenarioResult> results = suite.runActiveSuite(upstream.endpoint());
    List<String> known = suite.serverScenarios();

    assertThat(results).as("active server scenarios").isNotEmpty();
    assertThat(results)
        .extracting(ConformanceSuite.ScenarioResult::scenario)
        .as("every scenario run is one `list --server` knows")
        .allMatch(known::contains)
        .doesNotHaveDuplicates();

    return results.stream()
        .map(result -> DynamicTest.dynamicTest(result.scenario(), result::assertPassed));
  }

  @Test
  void aSingleScenarioRunReportsItsChecks() {
    ConformanceSuite.ScenarioResult ping = suite.runScenario(upstream.endpoint(), "ping");

    assertThat(ping.scenario()).isEqualTo("ping");
    assertThat(ping.checks())
        .isNotEmpty()
        .allMatch(check -> !check.status().equals(ConformanceSuite.Check.FAILURE));
    ping.assertPassed();
  }
}
