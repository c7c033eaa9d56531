package dev.mcpfirewall.plugins.secrets;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mcpfirewall.plugins.api.Finding;
import dev.mcpfirewall.plugins.api.Inspector;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Loads gitleaks' own default rule file (../shared/corpora/gitleaks/gitleaks.toml, read in place,
 * never copied) through the rule-file loader: how many of its rules Java compiles, and that the
 * loaded rules detect secrets.
 */
class GitleaksReferenceFileTest {
  static final Path REFERENCE = locate();

  private static Path locate() {
    for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
      Path candidate = dir.resolve("shared/corpora/gitleaks/gitleaks.toml");
      if (Files.isRegularFile(candidate)) {
        return candidate;
      }
      Path sibling = dir.resolve("../shared/corpora/gitleaks/gitleaks.toml").normalize();
      if (Files.isRegularFile(sibling)) {
        return sibling;
      }
    }
    return Path.of("/work/shared/corpora/gitleaks/gitleaks.toml");
  }

  @Test
  void loadsNearlyAllOfTheReferenceRules() throws Exception {
    assertThat(REFERENCE)
        .as("gitleaks reference rule file (shared/corpora/gitleaks)")
        .isRegularFile();
    GitleaksRuleFile.Loaded loaded =
        GitleaksRuleFile.parse(Files.readString(REFERENCE), REFERENCE.toString());
    int total = loaded.rules().size() + loaded.skipped().size();
    System.out.printf(
        "gitleaks.toml: %d of %d rules load; skipped: %s%n",
        loaded.rules().size(), total, loaded.skipped());
    assertThat(total).isEqualTo(222);
    assertThat(loaded.skipped()).singleElement().asString().startsWith("pkcs12-file: no regex");
    assertThat(loaded.rules().size()).isEqualTo(221);
  }

  @Test
  void theReferenceRulesRunThroughTheDetector(@org.junit.jupiter.api.io.TempDir Path dir)
      throws Exception {
    Files.copy(REFERENCE, dir.resolve("gitleaks.toml"));
    Inspector inspector =
        new SecretsDetector()
            .configure(
                TestContexts.context(
                    Map.of("bundledRules", false, "ruleFiles", List.of("gitleaks.toml")), dir));
    String token = "ghp_" + "Zq8mV2kP4tR7wX1yB3nC5dF6gH9jK0lM2sQ4";
    List<Finding> findings = inspector.inspect(TestContexts.outbound("GITHUB_TOKEN=" + token));
    assertThat(findings).extracting(Finding::rule).contains("github-pat");
    assertThat(inspector.inspect(TestContexts.outbound("nothing to see here"))).isEmpty();
  }
}
