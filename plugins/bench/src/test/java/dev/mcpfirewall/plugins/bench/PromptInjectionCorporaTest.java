package dev.mcpfirewall.plugins.bench;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mcpfirewall.plugins.api.Direction;
import dev.mcpfirewall.plugins.api.Finding;
import dev.mcpfirewall.plugins.api.Inspector;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/**
 * The prompt-injection detector on the shared corpora: Giskard's attacks (recall) and NotInject's
 * benign prompts full of trigger words (false positives). One dynamic test per case checks that the
 * case was inspected and its findings are well formed, and names the outcome; a single case may
 * miss. The aggregate tests assert the thresholds over the whole sets.
 */
class PromptInjectionCorporaTest {
  private static final Inspector INJECTION = new BundledChain().inspector("prompt-injection");

  static boolean flagged(Corpora.Case c) {
    return !INJECTION.inspect(BundledChain.inspection(Direction.INBOUND, c.text())).isEmpty();
  }

  @TestFactory
  Stream<DynamicTest> giskardAttacks() throws Exception {
    return cases(Corpora.giskard());
  }

  @TestFactory
  Stream<DynamicTest> notInjectBenignPrompts() throws Exception {
    return cases(Corpora.notInject());
  }

  private static Stream<DynamicTest> cases(List<Corpora.Case> corpus) {
    return corpus.stream()
        .map(
            c -> {
              List<Finding> findings =
                  INJECTION.inspect(BundledChain.inspection(Direction.INBOUND, c.text()));
              boolean right = c.attack() != findings.isEmpty();
              String outcome =
                  c.attack()
                      ? (right ? "detected" : "MISSED")
                      : (right ? "clean" : "FALSE POSITIVE");
              return DynamicTest.dynamicTest(
                  outcome + " " + c.id(),
                  () ->
                      assertThat(findings)
                          .allSatisfy(
                              f -> {
                                assertThat(f.isIn("prompt-injection")).isTrue();
                                assertThat(f.end()).isLessThanOrEqualTo(c.text().length());
                                assertThat(f.confidence()).isGreaterThanOrEqualTo(0.5);
                              }));
            });
  }

  @Test
  void giskardRecallIsAtLeastNinetyPercent() throws Exception {
    List<Corpora.Case> attacks = Corpora.giskard();
    long detected = attacks.stream().filter(PromptInjectionCorporaTest::flagged).count();
    assertThat(attacks).hasSizeGreaterThanOrEqualTo(30);
    assertThat((double) detected / attacks.size()).isGreaterThanOrEqualTo(0.90);
  }

  @Test
  void notInjectFalsePositivesAreAtMostFivePercent() throws Exception {
    List<Corpora.Case> benign = Corpora.notInject();
    long flagged = benign.stream().filter(PromptInjectionCorporaTest::flagged).count();
    assertThat(benign).hasSizeGreaterThanOrEqualTo(300);
    assertThat((double) flagged / benign.size()).isLessThanOrEqualTo(0.05);
  }
}
