package dev.mcpfirewall.policy;

/**
 * What authorization knows about the tools of each upstream: whether a tool exists and its {@link
 * ToolClass}, admin overrides applied. A tool no upstream listed is not known, and its class is
 * {@link ToolClass#DESTRUCTIVE} (unless overridden), so that nothing unknown is ever treated as
 * safe.
 *
 * <p>Today the firewall learns the catalog from the {@code tools/list} results passing through it
 * ({@link LearnedToolCatalog}, fed by {@link ToolCatalogRecorder}); tool pinning will answer the
 * same two questions from approved pins instead. Implementations are read on every {@code
 * tools/call} from any event loop: thread-safe and cheap.
 */
public interface ToolCatalog {

  /** True when {@code upstream} has listed {@code tool}. */
  boolean isKnown(String upstream, String tool);

  /** The tool's class, overrides applied; {@link ToolClass#DESTRUCTIVE} for an unknown tool. */
  ToolClass classOf(String upstream, String tool);
}
