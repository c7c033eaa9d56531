package dev.mcpfirewall.detect;

import dev.mcpfirewall.pipeline.FailureKind;
import dev.mcpfirewall.pipeline.FirewallFailure;
import java.util.LinkedHashMap;
import java.util.Map;

/** The typed failure a block verdict becomes: says what category and rule, never the text. */
final class ContentBlocked {

  private ContentBlocked() {}

  static FirewallFailure of(Judgement judgement, String upstream, String what) {
    JudgedFinding decisive = judgement.decisive().orElseThrow();
    Map<String, String> data = new LinkedHashMap<>();
    data.put("category", decisive.finding().category());
    data.put("rule", decisive.finding().rule());
    data.put("detector", decisive.detector());
    if (!decisive.finding().pointer().isEmpty()) {
      data.put("pointer", decisive.finding().pointer());
    }
    String message =
        decisive.finding().category().equals(ContentScanner.DETECTOR_FAILURE)
            ? what
                + " was blocked: detector '"
                + decisive.detector()
                + "' could not inspect it and is set to fail closed"
            : what
                + " was blocked by the firewall's content policy: "
                + decisive.finding().category()
                + " (rule "
                + decisive.finding().rule()
                + ", severity "
                + decisive.finding().severity().name().toLowerCase(java.util.Locale.ROOT)
                + ")"
                + (decisive.finding().pointer().isEmpty()
                    ? ""
                    : " at " + decisive.finding().pointer());
    return new FirewallFailure(FailureKind.CONTENT_BLOCKED, message, upstream)
        .withData(data)
        .withDetail(decisive.finding().category());
  }
}
