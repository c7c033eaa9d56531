package dev.mcpfirewall.config;

/**
 * How the firewall holds an upstream to the tool definitions it advertised (the upstream's {@code
 * integrity} section).
 *
 * @param newTools what happens to a tool the firewall has never seen listed
 * @param onChange what a changed definition (a rug pull) blocks until an admin approves it
 * @param outputSchema what happens when a result's {@code structuredContent} does not match the
 *     pinned {@code outputSchema}
 * @param strictArguments extra argument checks beyond the tool's own schema
 */
public record ToolIntegrityConfig(
    NewTools newTools,
    ChangeScope onChange,
    OutputCheck outputSchema,
    StrictArguments strictArguments) {

  /** Trust on first use, block only the changed tool, block bad output, strict mode off. */
  public static ToolIntegrityConfig defaults() {
    return new ToolIntegrityConfig(
        NewTools.TRUST_ON_FIRST_USE,
        ChangeScope.TOOL,
        OutputCheck.BLOCK,
        StrictArguments.disabled());
  }

  /** What happens to a tool the firewall has never seen listed. */
  public enum NewTools {
    /** Approved when first seen, unless screening finds poisoning in its definition. */
    TRUST_ON_FIRST_USE,
    /** Every new tool waits for an admin's approval. */
    REQUIRE_APPROVAL
  }

  /** What a changed tool definition blocks until an admin approves the new version. */
  public enum ChangeScope {
    /** Calls to the changed tool only. */
    TOOL,
    /** Every call to the upstream: one changed tool puts the whole server in doubt. */
    UPSTREAM
  }

  /** What a result whose structured content does not match the output schema gets. */
  public enum OutputCheck {
    /** The agent receives a JSON-RPC error instead of the result. */
    BLOCK,
    /** The result passes; the mismatch is logged, counted and recorded. */
    MONITOR
  }

  /**
   * Strict mode: refuses argument properties the schema does not declare and caps sizes even where
   * the schema sets no limit.
   *
   * @param enabled whether strict mode applies
   * @param maxStringLength longest string argument, in characters
   * @param maxArrayItems most items in an array argument
   * @param maxDepth deepest nesting of objects and arrays in the arguments
   */
  public record StrictArguments(
      boolean enabled, int maxStringLength, int maxArrayItems, int maxDepth) {
    public static final int DEFAULT_MAX_STRING_LENGTH = 65_536;
    public static final int DEFAULT_MAX_ARRAY_ITEMS = 10_000;
    public static final int DEFAULT_MAX_DEPTH = 32;

    public static StrictArguments disabled() {
      return new StrictArguments(
          false, DEFAULT_MAX_STRING_LENGTH, DEFAULT_MAX_ARRAY_ITEMS, DEFAULT_MAX_DEPTH);
    }
  }
}
