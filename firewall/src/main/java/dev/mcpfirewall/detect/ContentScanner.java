package dev.mcpfirewall.detect;

import dev.mcpfirewall.config.PluginsConfig.DetectorSettings;
import dev.mcpfirewall.config.PluginsConfig.FailMode;
import dev.mcpfirewall.config.PluginsConfig.Mode;
import dev.mcpfirewall.detect.policy.VerdictPolicy;
import dev.mcpfirewall.detect.run.DetectorChain;
import dev.mcpfirewall.detect.run.DetectorRegistry;
import dev.mcpfirewall.detect.run.DetectorRun;
import dev.mcpfirewall.detect.text.ScanText;
import dev.mcpfirewall.pipeline.Verdict;
import dev.mcpfirewall.plugins.api.Direction;
import dev.mcpfirewall.plugins.api.Finding;
import dev.mcpfirewall.plugins.api.Inspection;
import dev.mcpfirewall.plugins.api.Severity;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Scans the text of one message: runs the detector chain (on the detector pool, with deadlines) and
 * the built-in hidden-text rule, maps every finding back to the original string, and judges it by
 * policy, by the detector's mode, and (for a detector that failed) by its fail mode. The future
 * completes on the caller's Vert.x context.
 */
public final class ContentScanner {
  /** The category of the finding recorded when a detector could not answer. */
  public static final String DETECTOR_FAILURE = "firewall.detector-failure";

  private final DetectorRegistry registry;
  private final VerdictPolicy policy;

  public ContentScanner(DetectorRegistry registry, VerdictPolicy policy) {
    this.registry = registry;
    this.policy = policy;
  }

  public DetectorRegistry registry() {
    return registry;
  }

  /** True when nothing would run: the stages skip extraction altogether. */
  public boolean idle() {
    return registry.chain().isEmpty() && !registry.settings(DetectorRegistry.HIDDEN_TEXT).enabled();
  }

  /**
   * @param method the MCP method, or {@code inspect}
   * @param upstream the upstream's name, or empty
   * @param tool the tool's name, or empty
   * @param roles the caller's roles
   */
  public Future<Judgement> scan(
      ScanText text,
      Direction direction,
      String method,
      String upstream,
      String tool,
      Set<String> roles) {
    if (text.isEmpty()) {
      return Future.succeededFuture(Judgement.NONE);
    }
    DetectorChain chain = registry.chain();
    List<JudgedFinding> builtIn = hiddenText(text, direction, roles, upstream);
    if (chain.isEmpty()) {
      return Future.succeededFuture(judgement(builtIn));
    }
    Inspection inspection =
        new Inspection(direction, method, upstream, tool, roles, text.segments());
    Context context = Vertx.currentContext();
    var runs = chain.run(inspection);
    Future<List<DetectorRun>> answered =
        runs.isDone()
            ? Future.succeededFuture(runs.join())
            : context == null
                ? Future.fromCompletionStage(runs)
                : Future.fromCompletionStage(runs, context);
    return answered.map(
        all -> {
          List<JudgedFinding> judged = new ArrayList<>(builtIn);
          for (DetectorRun run : all) {
            judge(run, text, direction, roles, upstream, judged);
          }
          return judgement(judged);
        });
  }

  private List<JudgedFinding> hiddenText(
      ScanText text, Direction direction, Set<String> roles, String upstream) {
    DetectorSettings s = registry.settings(DetectorRegistry.HIDDEN_TEXT);
    if (!s.enabled()) {
      return List.of();
    }
    List<Finding> found = HiddenText.inspect(text, direction);
    if (found.isEmpty()) {
      return List.of();
    }
    List<JudgedFinding> judged = new ArrayList<>(found.size());
    for (Finding f : found) {
      Finding located = text.toOriginal(f);
      judged.add(
          new JudgedFinding(
              located,
              DetectorRegistry.HIDDEN_TEXT,
              cap(policy.judge(located, direction, roles, upstream), s)));
    }
    return judged;
  }

  private void judge(
      DetectorRun run,
      ScanText text,
      Direction direction,
      Set<String> roles,
      String upstream,
      List<JudgedFinding> into) {
    DetectorSettings s = run.detector().settings();
    if (run.failed()) {
      Finding failure =
          new Finding(
              DETECTOR_FAILURE,
              Severity.HIGH,
              1.0,
              run.detector().id() + ":" + run.failure(),
              "",
              0,
              0,
              "detector '" + run.detector().id() + "' did not answer (" + run.failure() + ")");
      Verdict v = s.failMode() == FailMode.CLOSED ? Verdict.BLOCK : Verdict.MONITOR;
      into.add(new JudgedFinding(failure, run.detector().id(), cap(v, s)));
      return;
    }
    for (Finding f : run.findings()) {
      Finding located = text.toOriginal(f);
      into.add(
          new JudgedFinding(
              located,
              run.detector().id(),
              cap(policy.judge(located, direction, roles, upstream), s)));
    }
  }

  private static Verdict cap(Verdict v, DetectorSettings s) {
    return s.mode() == Mode.MONITOR && v.compareTo(Verdict.MONITOR) > 0 ? Verdict.MONITOR : v;
  }

  private static Judgement judgement(List<JudgedFinding> judged) {
    if (judged.isEmpty()) {
      return Judgement.NONE;
    }
    Verdict verdict = Verdict.ALLOW;
    for (JudgedFinding f : judged) {
      if (f.verdict().compareTo(verdict) > 0) {
        verdict = f.verdict();
      }
    }
    return new Judgement(judged, verdict);
  }
}
