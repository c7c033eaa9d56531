package dev.mcpfirewall.plugins.secrets;

import java.util.Map;

/**
 * Rewrites a Go RE2 regex (the dialect gitleaks rule files use) into {@link java.util.regex}
 * syntax. The dialects agree on almost everything gitleaks needs; the differences handled here:
 *
 * <ul>
 *   <li>named groups {@code (?P<a_name>...)} become {@code (?<aname>...)} (Java names are
 *       letters and digits);
 *   <li>POSIX classes {@code [[:alnum:]]} become {@code \p{Alnum}} (Java would read them as a
 *       nested class of the letters {@code :alnum});
 *   <li>a literal {@code [} inside a character class is escaped (Java reads it as a nested class),
 *       and so is {@code &&} (Java's class intersection);
 *   <li>a {@code {} that does not open a repetition is a literal in RE2 and is escaped for Java.
 * </ul>
 *
 * <p>What Java then still refuses to compile (RE2-only escapes such as {@code \C}, say) makes the
 * rule loader skip the rule with a logged reason.
 */
final class Re2Translation {
  private static final Map<String, String> POSIX =
      Map.ofEntries(
          Map.entry("alnum", "\\p{Alnum}"),
          Map.entry("alpha", "\\p{Alpha}"),
          Map.entry("ascii", "\\p{ASCII}"),
          Map.entry("blank", "\\p{Blank}"),
          Map.entry("cntrl", "\\p{Cntrl}"),
          Map.entry("digit", "\\p{Digit}"),
          Map.entry("graph", "\\p{Graph}"),
          Map.entry("lower", "\\p{Lower}"),
          Map.entry("print", "\\p{Print}"),
          Map.entry("punct", "\\p{Punct}"),
          Map.entry("space", "\\s"),
          Map.entry("upper", "\\p{Upper}"),
          Map.entry("word", "\\w"),
          Map.entry("xdigit", "\\p{XDigit}"));

  private static final java.util.regex.Pattern REPETITION =
      java.util.regex.Pattern.compile("\\{\\d+(?:,\\d*)?}");

  private Re2Translation() {}

  static String toJava(String re2) {
    StringBuilder out = new StringBuilder(re2.length() + 16);
    boolean inClass = false;
    int i = 0;
    while (i < re2.length()) {
      char c = re2.charAt(i);
      if (c == '\\' && i + 1 < re2.length()) {
        out.append(c).append(re2.charAt(i + 1));
        i += 2;
        continue;
      }
      if (!inClass) {
        if (re2.startsWith("(?P<", i) && re2.indexOf('>', i) > 0) {
          int close = re2.indexOf('>', i);
          // Java group names are letters and digits only.
          out.append("(?<").append(re2.substring(i + 4, close).replaceAll("[^A-Za-z0-9]", ""));
          out.append('>');
          i = close + 1;
          continue;
        }
        if (c == '[') {
          inClass = true;
          out.append(c);
          i++;
          // A leading ']' (after an optional '^') is a literal in both dialects' eyes only in RE2.
          if (i < re2.length() && re2.charAt(i) == '^') {
            out.append('^');
            i++;
          }
          if (i < re2.length() && re2.charAt(i) == ']') {
            out.append("\\]");
            i++;
          }
          continue;
        }
        if (c == '{' && !REPETITION.matcher(re2).region(i, re2.length()).lookingAt()) {
          out.append("\\{");
          i++;
          continue;
        }
        out.append(c);
        i++;
        continue;
      }
      if (c == '[' && re2.startsWith("[:", i)) {
        int close = re2.indexOf(":]", i + 2);
        if (close > 0) {
          String name = re2.substring(i + 2, close);
          boolean negated = name.startsWith("^");
          String java = POSIX.get(negated ? name.substring(1) : name);
          if (java != null) {
            out.append(negated ? negate(java) : java);
            i = close + 2;
            continue;
          }
        }
      }
      if (c == '[') {
        out.append("\\[");
      } else if (c == '&' && i + 1 < re2.length() && re2.charAt(i + 1) == '&') {
        out.append("\\&");
      } else {
        if (c == ']') {
          inClass = false;
        }
        out.append(c);
      }
      i++;
    }
    return out.toString();
  }

  private static String negate(String javaClass) {
    if (javaClass.startsWith("\\p")) {
      return "\\P" + javaClass.substring(2);
    }
    return javaClass.toUpperCase(java.util.Locale.ROOT);
  }
}
