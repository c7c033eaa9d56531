package dev.mcpfirewall.config;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * Replaces {@code ${NAME}} and {@code ${NAME:-default}} in configuration strings with values from
 * an environment map; {@code $${} writes a literal {@code ${}.
 *
 * <p>As in a POSIX shell, {@code :-} uses the default when the variable is unset or empty. A
 * variable that is unset and has no default is an error, never an empty string: a missing
 * credential must stop start-up rather than send an empty {@code Authorization} header.
 */
final class EnvironmentSubstitution {

  private static final Pattern NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");

  private final Map<String, String> environment;

  EnvironmentSubstitution(Map<String, String> environment) {
    this.environment = Map.copyOf(Objects.requireNonNull(environment, "environment"));
  }

  /** Whether {@code text} contains anything this class would replace. */
  static boolean mentionsVariables(String text) {
    return text.contains("${");
  }

  /**
   * The text with every reference replaced.
   *
   * @throws Failure naming every unset variable, or the first malformed reference
   */
  String substitute(String text) {
    if (!mentionsVariables(text)) {
      return text;
    }
    StringBuilder out = new StringBuilder(text.length());
    List<String> unset = new ArrayList<>();
    int i = 0;
    while (i < text.length()) {
      if (text.startsWith("$${", i)) {
        out.append("${");
        i += 3;
      } else if (text.startsWith("${", i)) {
        int close = text.indexOf('}', i + 2);
        if (close < 0) {
          throw malformed(text.substring(i));
        }
        String reference = text.substring(i + 2, close);
        int dash = reference.indexOf(":-");
        String name = dash < 0 ? reference : reference.substring(0, dash);
        if (!NAME.matcher(name).matches()) {
          throw malformed(text.substring(i, close + 1));
        }
        String value = environment.get(name);
        if (dash >= 0 && (value == null || value.isEmpty())) {
          value = reference.substring(dash + 2);
        }
        if (value == null) {
          unset.add(name);
        } else {
          out.append(value);
        }
        i = close + 1;
      } else {
        out.append(text.charAt(i));
        i++;
      }
    }
    if (!unset.isEmpty()) {
      throw new Failure(unsetMessage(unset));
    }
    return out.toString();
  }

  private static String unsetMessage(List<String> names) {
    String first = names.get(0);
    String subject =
        names.size() == 1
            ? "environment variable " + first + " is not set"
            : "environment variables " + String.join(", ", names) + " are not set";
    String remedy = names.size() == 1 ? "; set it" : "; set them";
    return subject + remedy + ", or give a default with ${" + first + ":-value}";
  }

  private static Failure malformed(String reference) {
    String shown = reference.length() > 40 ? reference.substring(0, 40) + "..." : reference;
    return new Failure(
        "'"
            + shown
            + "' is not a valid environment reference; write ${NAME} or ${NAME:-default}"
            + " (NAME: letters, digits and underscores), or $${ for a literal ${");
  }

  /** A reference that cannot be resolved; the message is meant for the operator. */
  static final class Failure extends RuntimeException {
    Failure(String message) {
      super(message, null, false, false);
    }
  }
}
