package dev.mcpfirewall.schema;

/**
 * How many more characters the schema's regexes may read during the validation running on this
 * thread. Validation is synchronous, so one mutable budget per thread, reset at the start of each
 * validation, covers every {@code pattern} and {@code patternProperties} match that validation
 * makes: a thousand cheap-looking matches cannot add up to a stall either.
 */
final class RegexBudget {

  private static final ThreadLocal<RegexBudget> CURRENT = ThreadLocal.withInitial(RegexBudget::new);

  private long remaining = ToolSchemaLimits.DEFAULT_REGEX_BUDGET;

  /** The budget of this thread's validation. */
  static RegexBudget current() {
    return CURRENT.get();
  }

  void reset(long characterReads) {
    remaining = characterReads;
  }

  /** Spends one character read; throws {@link Exhausted} once none are left. */
  void spend() {
    if (--remaining < 0) {
      throw Exhausted.INSTANCE;
    }
  }

  /** Thrown from inside {@link java.util.regex.Matcher} to stop it; carries no stack trace. */
  static final class Exhausted extends RuntimeException {
    private static final long serialVersionUID = 1L;
    static final Exhausted INSTANCE = new Exhausted();

    private Exhausted() {
      super("regex budget exhausted", null, false, false);
    }
  }
}
