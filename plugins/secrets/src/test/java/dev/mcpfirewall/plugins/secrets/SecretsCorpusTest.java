package dev.mcpfirewall.plugins.secrets;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mcpfirewall.plugins.api.Finding;
import dev.mcpfirewall.plugins.api.Inspector;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/**
 * The labeled secrets corpus (src/test/resources/secrets-corpus.jsonl): synthesised secrets in
 * realistic settings (config files, env files, JSON, shell lines), each with its exact span marked,
 * and look-alikes that must not be reported (UUIDs, git SHAs, hashes, base64 images, placeholders,
 * documentation examples, identifiers, prose and code that talk about secrets). One dynamic test
 * per case; the aggregate test asserts the thresholds.
 */
class SecretsCorpusTest {
  static final String CORPUS = "secrets-corpus.jsonl";
  private static final Inspector SECRETS =
      new SecretsDetector().configure(TestContexts.context(Map.of()));

  @TestFactory
  Stream<DynamicTest> eachCase() throws Exception {
    return Fixture.load(CORPUS).stream()
        .map(c -> DynamicTest.dynamicTest(c.kind() + ": " + c.name(), () -> check(c)));
  }

  private static void check(Fixture c) {
    List<Finding> findings = SECRETS.inspect(TestContexts.outbound(c.text()));
    if (c.expect()) {
      assertThat(findings)
          .as("a finding exactly on the marked secret")
          .anyMatch(f -> f.start() == c.start() && f.end() == c.end());
    } else {
      assertThat(findings).as("findings in a look-alike").isEmpty();
    }
  }

  @Test
  void recallAndFalsePositiveRateMeetTheThresholds() throws Exception {
    List<Fixture> corpus = Fixture.load(CORPUS);
    long secrets = corpus.stream().filter(Fixture::expect).count();
    long lookAlikes = corpus.size() - secrets;
    long found =
        corpus.stream()
            .filter(Fixture::expect)
            .filter(c -> !SECRETS.inspect(TestContexts.outbound(c.text())).isEmpty())
            .count();
    long falsePositives =
        corpus.stream()
            .filter(c -> !c.expect())
            .filter(c -> !SECRETS.inspect(TestContexts.outbound(c.text())).isEmpty())
            .count();
    assertThat(secrets).isGreaterThanOrEqualTo(100);
    assertThat(lookAlikes).isGreaterThanOrEqualTo(100);
    assertThat((double) found / secrets).isGreaterThanOrEqualTo(0.95);
    assertThat((double) falsePositives / lookAlikes).isLessThanOrEqualTo(0.02);
  }
}
