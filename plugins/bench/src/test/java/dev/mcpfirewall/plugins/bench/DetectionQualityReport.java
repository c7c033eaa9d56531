package dev.mcpfirewall.plugins.bench;

import dev.mcpfirewall.plugins.api.Direction;
import dev.mcpfirewall.plugins.api.Finding;
import dev.mcpfirewall.plugins.api.Inspector;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Predicate;

/**
 * Scores the bundled detectors on the corpora and writes {@code docs/detection-quality.md}: recall
 * on attack sets and false-positive rate on benign sets, separately, per corpus and per group,
 * never one blended number.
 *
 * <p>Run it with {@link #COMMAND} (the first step installs the detector modules it reads).
 */
public final class DetectionQualityReport {
  static final String COMMAND =
      "./mvnw -o -q -pl plugins/bench -am install -DskipTests && ./mvnw -o -pl plugins/bench"
          + " test-compile exec:java"
          + " -Dexec.mainClass=dev.mcpfirewall.plugins.bench.DetectionQualityReport"
          + " -Dexec.classpathScope=test";

  private final BundledChain chain = new BundledChain();
  private final List<String> out = new ArrayList<>();

  public static void main(String[] args) throws IOException {
    DetectionQualityReport report = new DetectionQualityReport();
    String markdown = report.render();
    Path target = Corpora.repository().resolve("docs/detection-quality.md");
    Files.writeString(target, markdown, StandardCharsets.UTF_8);
    System.out.println(markdown);
    System.out.println("written to " + target);
  }

  String render() throws IOException {
    Inspector injection = chain.inspector("prompt-injection");
    Inspector secrets = chain.inspector("secrets");
    List<Corpora.Case> giskard = Corpora.giskard();
    List<Corpora.Case> notInject = Corpora.notInject();
    List<Corpora.Case> secretCorpus = Corpora.secrets();

    line("# Detection quality");
    line("");
    line("Figures for the bundled detectors on labelled corpora, written by a command:");
    line("");
    line("```");
    line(COMMAND);
    line("```");
    line("");
    line(
        "Recall is reported on attack sets and the false-positive rate on benign sets, separately"
            + " and per group; default configuration throughout. A text counts as flagged when the"
            + " detector reports at least one finding (the default confidence threshold, 0.5,"
            + " applies). The same thresholds are asserted by tests: `PromptInjectionCorporaTest`"
            + " (plugins/bench) and `SecretsCorpusTest` (plugins/secrets), one dynamic test per"
            + " case.");
    line("");
    line("## prompt-injection");
    line("");
    line("| corpus | group | cases | flagged | measure | value | target |");
    line("|---|---|---:|---:|---|---:|---|");
    groups(giskard, injection, "giskard (attacks)", "recall", "≥ 0.90");
    groups(notInject, injection, "notinject (benign)", "false-positive rate", "≤ 0.05");
    line("");
    line("Findings per category on the Giskard attacks (a case may have several):");
    line("");
    categories(giskard, injection);
    line("");
    line(
        "Sensitivity to the threshold (`minConfidence`; findings below it are dropped unless two"
            + " different weak rules agree):");
    line("");
    line("| minConfidence | giskard recall | notinject false-positive rate |");
    line("|---:|---:|---:|");
    for (double threshold : new double[] {0.5, 0.7, 0.85}) {
      Inspector strict =
          new dev.mcpfirewall.plugins.promptinjection.PromptInjectionDetector()
              .configure(BundledChain.context(java.util.Map.of("minConfidence", threshold)));
      line(
          String.format(
              Locale.ROOT,
              "| %.2f | %.3f | %.3f |",
              threshold,
              rate(giskard, strict),
              rate(notInject, strict)));
    }
    line("");
    line(
        "Whole bundled chain on NotInject (all four detectors, inbound): "
            + chainFalsePositives(notInject)
            + " of "
            + notInject.size()
            + " benign prompts get any finding from any detector.");
    line("");
    line("## secrets");
    line("");
    line(
        "The project's labelled corpus `plugins/secrets/src/test/resources/secrets-corpus.jsonl`:"
            + " synthesised secrets (random strings in the providers' formats, never real keys) in"
            + " realistic settings, and look-alikes that must not be reported. This table counts a"
            + " text as flagged on any finding; `SecretsCorpusTest` further requires, case by case,"
            + " a finding exactly on the marked secret and none at all on a look-alike.");
    line("");
    line("| set | kind | cases | flagged | measure | value | target |");
    line("|---|---|---:|---:|---|---:|---|");
    secretRows(secretCorpus, secrets);
    line("");
    Inspector gitleaks =
        new dev.mcpfirewall.plugins.secrets.SecretsDetector()
            .configure(
                BundledChain.context(
                    java.util.Map.of("bundledRules", false, "ruleFiles", List.of("gitleaks.toml")),
                    Corpora.shared().resolve("gitleaks")));
    line(
        String.format(
            Locale.ROOT,
            "For reference, gitleaks' own default rules (shared/corpora/gitleaks/gitleaks.toml,"
                + " loaded through the detector's rule-file support instead of the bundled rules)"
                + " on the same corpus: recall %.3f, false-positive rate %.3f.",
            secretRate(secretCorpus, gitleaks, true),
            secretRate(secretCorpus, gitleaks, false)));
    line("");
    line("## Caveats");
    line("");
    line(
        "- The prompt-injection heuristics were written with Giskard and NotInject in view, so"
            + " these figures are in-sample; the per-rule fixtures in"
            + " `InjectionRuleFixturesTest` are the project's own out-of-sample checks. Giskard is"
            + " small (35 attacks, English, two families: DAN-style jailbreaks and \"ignore previous"
            + " instructions\" hijacks); paraphrased or multilingual attacks beyond the bundled"
            + " phrases will be missed more often than these numbers suggest.");
    line(
        "- The secrets corpus is synthesised from the same formats the rules encode; it measures"
            + " that each format is recognised with exact spans and that common look-alikes are"
            + " ignored, not recall on secrets in the wild.");
    line(
        "- pii and tool-poisoning have no third-party corpus here; their per-rule fixtures"
            + " (`PiiFixturesTest`, `ToolPoisoningFixturesTest`) assert each recogniser's"
            + " positives and look-alikes.");
    line("");
    return String.join("\n", out);
  }

  private void groups(
      List<Corpora.Case> corpus, Inspector inspector, String name, String measure, String target) {
    Map<String, int[]> byGroup = new TreeMap<>();
    int flagged = 0;
    for (Corpora.Case c : corpus) {
      boolean hit =
          !inspector.inspect(BundledChain.inspection(Direction.INBOUND, c.text())).isEmpty();
      int[] counts = byGroup.computeIfAbsent(c.group(), g -> new int[2]);
      counts[0]++;
      if (hit) {
        counts[1]++;
        flagged++;
      }
    }
    byGroup.forEach((group, counts) -> line(row(name, group, counts[0], counts[1], measure, "")));
    line(row("**" + name + "**", "**all**", corpus.size(), flagged, measure, target));
  }

  private void categories(List<Corpora.Case> corpus, Inspector inspector) {
    Map<String, Integer> cases = new TreeMap<>();
    for (Corpora.Case c : corpus) {
      inspector.inspect(BundledChain.inspection(Direction.INBOUND, c.text())).stream()
          .map(Finding::category)
          .distinct()
          .forEach(category -> cases.merge(category, 1, Integer::sum));
    }
    line("| category | attacks with a finding of it |");
    line("|---|---:|");
    cases.forEach((category, n) -> line("| " + category + " | " + n + " |"));
  }

  private static double secretRate(List<Corpora.Case> corpus, Inspector inspector, boolean secret) {
    List<Corpora.Case> set = corpus.stream().filter(c -> c.attack() == secret).toList();
    long flagged =
        set.stream()
            .filter(
                c ->
                    !inspector
                        .inspect(BundledChain.inspection(Direction.OUTBOUND, c.text()))
                        .isEmpty())
            .count();
    return (double) flagged / set.size();
  }

  private static double rate(List<Corpora.Case> corpus, Inspector inspector) {
    long flagged =
        corpus.stream()
            .filter(
                c ->
                    !inspector
                        .inspect(BundledChain.inspection(Direction.INBOUND, c.text()))
                        .isEmpty())
            .count();
    return (double) flagged / corpus.size();
  }

  private int chainFalsePositives(List<Corpora.Case> corpus) {
    int n = 0;
    for (Corpora.Case c : corpus) {
      if (!chain.inspect(BundledChain.inspection(Direction.INBOUND, c.text())).isEmpty()) {
        n++;
      }
    }
    return n;
  }

  private void secretRows(List<Corpora.Case> corpus, Inspector secrets) {
    for (boolean attack : List.of(true, false)) {
      Predicate<Corpora.Case> in = c -> c.attack() == attack;
      Map<String, int[]> byKind = new TreeMap<>();
      int total = 0;
      int flagged = 0;
      for (Corpora.Case c : corpus.stream().filter(in).toList()) {
        boolean hit =
            !secrets.inspect(BundledChain.inspection(Direction.OUTBOUND, c.text())).isEmpty();
        int[] counts = byKind.computeIfAbsent(c.group(), k -> new int[2]);
        counts[0]++;
        total++;
        if (hit) {
          counts[1]++;
          flagged++;
        }
      }
      String set = attack ? "secrets" : "look-alikes";
      String measure = attack ? "recall" : "false-positive rate";
      byKind.forEach((kind, counts) -> line(row(set, kind, counts[0], counts[1], measure, "")));
      line(
          row("**" + set + "**", "**all**", total, flagged, measure, attack ? "≥ 0.95" : "≤ 0.02"));
    }
  }

  private static String row(
      String set, String group, int cases, int flagged, String measure, String target) {
    return String.format(
        Locale.ROOT,
        "| %s | %s | %d | %d | %s | %.3f | %s |",
        set,
        group,
        cases,
        flagged,
        measure,
        cases == 0 ? 0.0 : (double) flagged / cases,
        target);
  }

  private void line(String text) {
    out.add(text);
  }
}
