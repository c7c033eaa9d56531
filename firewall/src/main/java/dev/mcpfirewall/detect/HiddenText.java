package dev.mcpfirewall.detect;

import dev.mcpfirewall.detect.text.HiddenCharacters;
import dev.mcpfirewall.detect.text.ScanText;
import dev.mcpfirewall.plugins.api.Categories;
import dev.mcpfirewall.plugins.api.Direction;
import dev.mcpfirewall.plugins.api.Finding;
import dev.mcpfirewall.plugins.api.Severity;
import dev.mcpfirewall.plugins.api.TextSegment;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The built-in rule over what normalisation removed: Unicode tag characters (ASCII smuggling) and
 * bidirectional controls anywhere, and zero-width characters or ANSI escapes in tool definitions,
 * are ways to show a human one text and a model another. Reported as {@code
 * prompt-injection.hidden-text} in messages and {@code tool-poisoning.hidden-characters} in tool
 * definitions, so the policy for those categories applies. Runs inline: it only reads counts.
 */
final class HiddenText {

  private HiddenText() {}

  static List<Finding> inspect(ScanText text, Direction direction) {
    if (text.hidden().isEmpty()) {
      return List.of();
    }
    boolean definition = direction == Direction.TOOL_DESCRIPTION;
    String category =
        definition
            ? Categories.TOOL_POISONING + ".hidden-characters"
            : Categories.PROMPT_INJECTION + ".hidden-text";
    List<Finding> found = new ArrayList<>();
    for (Map.Entry<String, HiddenCharacters> e : text.hidden().entrySet()) {
      String pointer = e.getKey();
      HiddenCharacters h = e.getValue();
      if (h.tags() > 0) {
        String smuggled =
            text.segments().stream()
                .filter(
                    s ->
                        s.pointer().equals(pointer)
                            && TextSegment.UNICODE_TAGS.equals(s.decodedFrom()))
                .map(TextSegment::text)
                .findFirst()
                .orElse("");
        found.add(
            new Finding(
                category,
                Severity.HIGH,
                0.95,
                "unicode-tag-characters",
                pointer,
                0,
                Math.max(1, smuggled.length()),
                h.tags() + " invisible tag characters",
                smuggled.isEmpty() ? null : TextSegment.UNICODE_TAGS));
      }
      if (h.bidi() > 0) {
        found.add(
            new Finding(
                category,
                Severity.MEDIUM,
                0.7,
                "bidi-control-characters",
                pointer,
                0,
                0,
                h.bidi() + " bidirectional control characters"));
      }
      if (definition && (h.zeroWidth() > 0 || h.variationSelectors() > 0)) {
        found.add(
            new Finding(
                category,
                Severity.MEDIUM,
                0.7,
                "zero-width-characters",
                pointer,
                0,
                0,
                (h.zeroWidth() + h.variationSelectors()) + " zero-width characters"));
      }
      if (h.ansi() > 0) {
        found.add(
            new Finding(
                category,
                definition ? Severity.MEDIUM : Severity.LOW,
                0.8,
                "ansi-escape-sequences",
                pointer,
                0,
                0,
                h.ansi() + " ANSI escape sequences"));
      }
    }
    return found;
  }
}
