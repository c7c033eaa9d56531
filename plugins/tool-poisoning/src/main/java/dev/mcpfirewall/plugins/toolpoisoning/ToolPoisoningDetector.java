package dev.mcpfirewall.plugins.toolpoisoning;

import dev.mcpfirewall.plugins.api.Detector;
import dev.mcpfirewall.plugins.api.DetectorConfig;
import dev.mcpfirewall.plugins.api.DetectorContext;
import dev.mcpfirewall.plugins.api.Direction;
import dev.mcpfirewall.plugins.api.Inspector;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import org.pf4j.Extension;

/**
 * The bundled tool-poisoning detector: hidden instructions in tool descriptions ({@code
 * <IMPORTANT>} blocks, HTML comments), instructions to read sensitive files or call other tools or
 * pass data to them, references that shadow other servers' tools, concealment from the user,
 * invisible characters and excessive length.
 *
 * <p>Configuration (see {@code tool-poisoning.schema.json}): {@code maxDescriptionLength} (default
 * 2048 characters), {@code disabledRules}, {@code directions} (default tool-description only).
 */
@Extension(ordinal = 40)
public final class ToolPoisoningDetector implements Detector {
  /** This detector's id. */
  public static final String ID = "tool-poisoning";

  @Override
  public String id() {
    return ID;
  }

  @Override
  public String configSchema() {
    return Detector.schemaResource(getClass(), "tool-poisoning.schema.json");
  }

  @Override
  public Inspector configure(DetectorContext context) {
    DetectorConfig config = context.config();
    Set<String> disabled = Set.copyOf(config.getStrings("disabledRules"));
    List<PoisonRule> rules =
        BundledPoisonRules.all().stream().filter(r -> !disabled.contains(r.id())).toList();
    Set<Direction> directions = EnumSet.of(Direction.TOOL_DESCRIPTION);
    List<String> names = config.getStrings("directions");
    if (!names.isEmpty()) {
      directions = EnumSet.noneOf(Direction.class);
      for (String name : names) {
        directions.add(Direction.valueOf(name.toUpperCase(Locale.ROOT).replace('-', '_')));
      }
    }
    return new PoisoningScanner(rules, directions, config.getInt("maxDescriptionLength", 2048));
  }
}
