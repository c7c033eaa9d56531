package com.example.acme;

import dev.mcpfirewall.plugins.api.Detector;
import dev.mcpfirewall.plugins.api.DetectorContext;
import dev.mcpfirewall.plugins.api.Finding;
import dev.mcpfirewall.plugins.api.Inspector;
import dev.mcpfirewall.plugins.api.Severity;
import dev.mcpfirewall.plugins.api.TextSegment;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.pf4j.Extension;

/**
 * Flags hostnames under the company's internal domains (e.g. {@code build-07.corp.acme.example}) in
 * tool output and requests, so internal topology does not leak to models or third-party tools.
 * Category {@code acme.internal-hostname}; the firewall's policy decides whether to redact.
 */
@Extension
public final class InternalHostDetector implements Detector {

  @Override
  public String id() {
    return "acme-internal-hosts";
  }

  @Override
  public String configSchema() {
    return """
        {
          "type": "object",
          "additionalProperties": false,
          "properties": {
            "domains": {
              "type": "array",
              "items": {"type": "string", "pattern": "^[a-z0-9.-]+$"},
              "minItems": 1
            },
            "severity": {"enum": ["info", "low", "medium", "high", "critical"]}
          }
        }
        """;
  }

  @Override
  public Inspector configure(DetectorContext context) {
    List<String> domains = context.config().getStrings("domains");
    List<String> suffixes =
        (domains.isEmpty() ? List.of("corp.acme.example") : domains)
            .stream().map(d -> "." + d.toLowerCase(Locale.ROOT)).toList();
    Severity severity =
        Severity.valueOf(context.config().getString("severity", "medium").toUpperCase(Locale.ROOT));
    context.logger().log(System.Logger.Level.INFO, "watching internal domains " + suffixes);
    return inspection -> {
      List<Finding> found = new ArrayList<>();
      for (TextSegment segment : inspection.segments()) {
        String text = segment.text().toLowerCase(Locale.ROOT);
        for (String suffix : suffixes) {
          int from = 0;
          for (int at = text.indexOf(suffix, from); at >= 0; at = text.indexOf(suffix, from)) {
            int end = at + suffix.length();
            from = end;
            if (end < text.length() && isHostChar(text.charAt(end)) && text.charAt(end) != '.') {
              continue;
            }
            int start = at;
            while (start > 0 && isHostChar(text.charAt(start - 1))) {
              start--;
            }
            if (start == at) {
              continue;
            }
            found.add(
                Finding.builder("acme.internal-hostname", "acme-internal-host")
                    .severity(severity)
                    .confidence(0.95)
                    .at(segment, start, end)
                    .excerpt("…" + suffix)
                    .build());
          }
        }
      }
      return found;
    };
  }

  private static boolean isHostChar(char c) {
    return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' || c == '.';
  }
}
