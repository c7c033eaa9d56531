package dev.mcpfirewall.policy;

import dev.mcpfirewall.config.PolicyConfig;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Test fixture: a {@link ToolCatalog} without pinning, for policy tests. A {@link ToolCatalog}
 * learned from the {@code tools/list} results upstreams send. Every page of a listing adds its
 * tools; a tool listed again replaces its earlier entry (so its class follows the latest
 * annotations); tools are never forgotten while the node runs. Until an upstream has listed a tool,
 * calls to it are refused as unknown.
 *
 * <p>The number of tools kept per upstream is bounded, so a misbehaving upstream cannot grow the
 * catalog without limit; tools past the bound stay unknown (and so uncallable).
 */
public final class LearnedToolCatalog implements ToolCatalog {
  private static final Logger log = LoggerFactory.getLogger(LearnedToolCatalog.class);

  /** The most tools remembered per upstream. */
  public static final int DEFAULT_MAX_TOOLS_PER_UPSTREAM = 10_000;

  /**
   * A tool as its upstream listed it.
   *
   * @param name the tool's name
   * @param annotations a copy of its {@code annotations}, or null when it had none
   * @param annotated the class its annotations claim, before overrides
   */
  public record ListedTool(String name, JsonObject annotations, ToolClass annotated) {}

  private final ToolClassOverrides overrides;
  private final int maxToolsPerUpstream;
  private final Map<String, Map<String, ListedTool>> byUpstream = new ConcurrentHashMap<>();
  private final Set<String> overflowing = ConcurrentHashMap.newKeySet();

  /** A catalog applying the policy's tool class overrides. */
  public LearnedToolCatalog(PolicyConfig policy) {
    this(ToolClassOverrides.from(policy), DEFAULT_MAX_TOOLS_PER_UPSTREAM);
  }

  public LearnedToolCatalog(ToolClassOverrides overrides, int maxToolsPerUpstream) {
    if (maxToolsPerUpstream < 1) {
      throw new IllegalArgumentException("maxToolsPerUpstream must be positive");
    }
    this.overrides = overrides;
    this.maxToolsPerUpstream = maxToolsPerUpstream;
  }

  /**
   * Records one page of a {@code tools/list} result.
   *
   * @param tools the result's {@code tools} array; entries without a string name are skipped
   */
  public void learn(String upstream, JsonArray tools) {
    Map<String, ListedTool> known =
        byUpstream.computeIfAbsent(upstream, u -> new ConcurrentHashMap<>());
    for (int i = 0; i < tools.size(); i++) {
      if (!(tools.getValue(i) instanceof JsonObject tool)
          || !(tool.getValue("name") instanceof String name)) {
        continue;
      }
      JsonObject annotations =
          tool.getValue("annotations") instanceof JsonObject a ? a.copy() : null;
      ListedTool listed = new ListedTool(name, annotations, ToolClass.fromAnnotations(annotations));
      if (known.size() >= maxToolsPerUpstream && !known.containsKey(name)) {
        if (overflowing.add(upstream)) {
          log.warn(
              "upstream '{}' listed more than {} tools; tools past that (first: '{}') stay unknown"
                  + " and cannot be called",
              upstream,
              maxToolsPerUpstream,
              name);
        }
        continue;
      }
      known.put(name, listed);
    }
  }

  /** The tools an upstream has listed so far, by name (a snapshot). */
  public Map<String, ListedTool> tools(String upstream) {
    Map<String, ListedTool> known = byUpstream.get(upstream);
    return known == null ? Map.of() : Map.copyOf(known);
  }

  @Override
  public boolean isKnown(String upstream, String tool) {
    Map<String, ListedTool> known = byUpstream.get(upstream);
    return known != null && known.containsKey(tool);
  }

  @Override
  public ToolClass classOf(String upstream, String tool) {
    Map<String, ListedTool> known = byUpstream.get(upstream);
    ListedTool listed = known == null ? null : known.get(tool);
    return overrides.apply(
        upstream, tool, listed == null ? ToolClass.DESTRUCTIVE : listed.annotated());
  }
}
