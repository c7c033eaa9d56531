package dev.mcpfirewall.plugins.promptinjection;

import dev.mcpfirewall.plugins.api.Detector;
import dev.mcpfirewall.plugins.api.DetectorConfig;
import dev.mcpfirewall.plugins.api.DetectorContext;
import dev.mcpfirewall.plugins.api.Direction;
import dev.mcpfirewall.plugins.api.Inspector;
import dev.mcpfirewall.plugins.api.Severity;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;
import org.pf4j.Extension;

/**
 * The bundled prompt-injection detector: heuristics for instruction overrides, fake role tags,
 * jailbreak personas, coercion to call tools, exfiltration instructions, system-prompt leaks and
 * hidden text, applied to user messages (inbound) and to what tools and models return (outbound,
 * indirect injection).
 *
 * <p>Configuration (see {@code prompt-injection.schema.json}): {@code directions} (default all),
 * {@code minConfidence} (default 0.5), {@code disabledRules}, {@code phrases} (extra literal
 * phrases reported as {@code prompt-injection.custom}), {@code maxFindingsPerSegment} (default 20).
 */
@Extension(ordinal = 20)
public final class PromptInjectionDetector implements Detector {
  /** This detector's id. */
  public static final String ID = "prompt-injection";

  @Override
  public String id() {
    return ID;
  }

  @Override
  public String configSchema() {
    return Detector.schemaResource(getClass(), "prompt-injection.schema.json");
  }

  @Override
  public Inspector configure(DetectorContext context) {
    DetectorConfig config = context.config();
    Set<String> disabled = Set.copyOf(config.getStrings("disabledRules"));
    List<InjectionRule> rules = new ArrayList<>();
    for (InjectionRule rule : BundledInjectionRules.all()) {
      if (!disabled.contains(rule.id())) {
        rules.add(rule);
      }
    }
    int n = 0;
    for (String phrase : config.getStrings("phrases")) {
      if (phrase.isBlank()) {
        continue;
      }
      String words = Pattern.quote(phrase.trim()).replace(" ", "\\E\\s{1,3}\\Q");
      rules.add(
          new InjectionRule(
              "custom-phrase-" + ++n,
              "custom",
              Severity.HIGH,
              0.9,
              List.of(phrase.trim().split("\\s+")[0]),
              Pattern.compile(words, Pattern.CASE_INSENSITIVE | Pattern.UNICODE_CASE),
              0));
    }
    return new InjectionScanner(
        rules,
        directions(config),
        config.getDouble("minConfidence", 0.5),
        config.getInt("maxFindingsPerSegment", 20));
  }

  static Set<Direction> directions(DetectorConfig config) {
    List<String> names = config.getStrings("directions");
    if (names.isEmpty()) {
      return EnumSet.allOf(Direction.class);
    }
    Set<Direction> directions = EnumSet.noneOf(Direction.class);
    for (String name : names) {
      directions.add(Direction.valueOf(name.toUpperCase(Locale.ROOT).replace('-', '_')));
    }
    return directions;
  }
}
