package dev.mcpfirewall.integrity;

import dev.mcpfirewall.policy.ToolCatalog;
import dev.mcpfirewall.policy.ToolClass;
import dev.mcpfirewall.policy.ToolClassOverrides;
import java.util.Optional;

/**
 * The {@link ToolCatalog} authorization decides on, answered from the pins: a tool is known once
 * its upstream listed it, and its class comes from the <em>approved</em> definition's annotations
 * (admin overrides applied). A tool with no approved definition is destructive, so a rug pull that
 * flips {@code readOnlyHint} to true gains nothing before an admin approves it.
 */
public final class PinnedToolCatalog implements ToolCatalog {
  private final ToolPins pins;
  private final ToolClassOverrides overrides;

  public PinnedToolCatalog(ToolPins pins, ToolClassOverrides overrides) {
    this.pins = pins;
    this.overrides = overrides;
  }

  @Override
  public boolean isKnown(String upstream, String tool) {
    return pins.pin(upstream, tool).isPresent();
  }

  @Override
  public ToolClass classOf(String upstream, String tool) {
    Optional<PinnedVersion> approved = pins.pin(upstream, tool).flatMap(ToolPin::approved);
    ToolClass annotated =
        approved
            .map(v -> ToolClass.fromAnnotations(v.definition().annotations()))
            .orElse(ToolClass.DESTRUCTIVE);
    return overrides.apply(upstream, tool, annotated);
  }
}
