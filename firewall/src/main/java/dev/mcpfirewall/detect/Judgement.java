package dev.mcpfirewall.detect;

import dev.mcpfirewall.detect.text.Redaction;
import dev.mcpfirewall.pipeline.Verdict;
import dev.mcpfirewall.plugins.api.Finding;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What detection and policy made of one message: every finding with its verdict, the message's
 * verdict (the most severe), and, when that is {@code redact}, the spans to replace.
 */
public record Judgement(List<JudgedFinding> findings, Verdict verdict) {

  /** Nothing found. */
  public static final Judgement NONE = new Judgement(List.of(), Verdict.ALLOW);

  public Judgement {
    findings = List.copyOf(findings);
  }

  /** The findings alone, for {@code Exchange.addFindings} and audit records. */
  public List<Finding> plainFindings() {
    return findings.stream().map(JudgedFinding::finding).toList();
  }

  /** The finding that decided the verdict (the first with the message's verdict). */
  public Optional<JudgedFinding> decisive() {
    return findings.stream().filter(f -> f.verdict() == verdict).findFirst();
  }

  /** Spans to redact, by pointer: the findings whose own verdict is {@code redact}. */
  public Map<String, List<Redaction.Span>> redactions() {
    Map<String, List<Redaction.Span>> spans = new LinkedHashMap<>();
    for (JudgedFinding f : findings) {
      if (f.verdict() == Verdict.REDACT && f.finding().end() > f.finding().start()) {
        spans
            .computeIfAbsent(f.finding().pointer(), k -> new ArrayList<>())
            .add(
                new Redaction.Span(
                    f.finding().pointer(),
                    f.finding().start(),
                    f.finding().end(),
                    f.finding().rule()));
      }
    }
    return spans;
  }
}
