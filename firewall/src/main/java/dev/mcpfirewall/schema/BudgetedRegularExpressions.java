package dev.mcpfirewall.schema;

import com.networknt.schema.SchemaException;
import com.networknt.schema.regex.RegularExpression;
import com.networknt.schema.regex.RegularExpressionFactory;
import com.networknt.schema.regex.RegularExpressions;
import java.util.regex.Pattern;

/**
 * The validator's regex engine: {@code java.util.regex} (with the same ECMA-262 adjustments as
 * networknt's JDK engine) reading the value through a {@link CharSequence} that charges every
 * character read to the thread's {@link RegexBudget}. A catastrophic pattern such as {@code
 * ^(a+)+$} against {@code aaaa...a!} backtracks exponentially; here it stops when the budget is
 * spent and the validation reports {@link Violation#PATTERN_TOO_EXPENSIVE} instead of holding the
 * event loop.
 *
 * <p>Exhaustion surfaces as {@link PatternTooExpensive}, a {@link SchemaException}: networknt's
 * pattern keyword rethrows those without logging, and no combinator ({@code not}, {@code anyOf})
 * turns it into a pass, so an aborted match always fails the validation closed.
 */
final class BudgetedRegularExpressions implements RegularExpressionFactory {

  static final BudgetedRegularExpressions INSTANCE = new BudgetedRegularExpressions();

  private BudgetedRegularExpressions() {}

  @Override
  public RegularExpression getRegularExpression(String regex) {
    Pattern pattern =
        Pattern.compile(
            RegularExpressions.replaceLongformCharacterProperties(
                RegularExpressions.replaceDollarAnchors(regex)));
    return value -> {
      try {
        return pattern.matcher(new MeteredText(value, RegexBudget.current())).find();
      } catch (RegexBudget.Exhausted | StackOverflowError e) {
        throw new PatternTooExpensive(regex, value);
      }
    };
  }

  /** A pattern match was stopped before it finished. */
  static final class PatternTooExpensive extends SchemaException {
    private static final long serialVersionUID = 1L;
    private final String pattern;
    private final transient String value;

    PatternTooExpensive(String pattern, String value) {
      super("pattern " + pattern + " is too expensive to match");
      this.pattern = pattern;
      this.value = value;
    }

    String pattern() {
      return pattern;
    }

    /** The string (a value or a member name) whose match was stopped. */
    String value() {
      return value;
    }
  }

  /** The value as the matcher sees it, one charged character read at a time. */
  private static final class MeteredText implements CharSequence {
    private final String text;
    private final RegexBudget budget;

    MeteredText(String text, RegexBudget budget) {
      this.text = text;
      this.budget = budget;
    }

    @Override
    public char charAt(int index) {
      budget.spend();
      return text.charAt(index);
    }

    @Override
    public int length() {
      return text.length();
    }

    @Override
    public CharSequence subSequence(int start, int end) {
      return new MeteredText(text.substring(start, end), budget);
    }

    @Override
    public String toString() {
      return text;
    }
  }
}
