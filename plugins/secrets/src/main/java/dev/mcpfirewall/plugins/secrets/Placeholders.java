package dev.mcpfirewall.plugins.secrets;

import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Recognises values that look like secrets but are documentation placeholders: {@code EXAMPLE}
 * keys, {@code xxxx}, {@code <your-key>}, {@code ${VAR}}, {@code changeme}, runs of one character
 * and ascending sequences. Applied to every rule's secret, bundled or loaded.
 */
final class Placeholders {
  private static final List<String> MARKERS =
      List.of(
          "example",
          "sample",
          "dummy",
          "placeholder",
          "your_",
          "your-",
          "yourkey",
          "yourtoken",
          "yoursecret",
          "xxxx",
          "****",
          "....",
          "____",
          "changeme",
          "change_me",
          "change-me",
          "redacted",
          "insert",
          "notreal",
          "not_real",
          "not-a-real",
          "fake",
          "<",
          ">",
          "${",
          "{{",
          "$(",
          "%(");

  private static final Set<String> WORDS =
      Set.of(
          "password",
          "passwd",
          "pass",
          "pwd",
          "secret",
          "token",
          "apikey",
          "api_key",
          "changeit",
          "mysecret",
          "mypassword",
          "yourpassword",
          "hunter2",
          "letmein",
          "null",
          "none",
          "undefined",
          "true",
          "false");

  private static final int RUN = 6;

  private Placeholders() {}

  static boolean isPlaceholder(String secret) {
    String lower = secret.toLowerCase(Locale.ROOT);
    if (WORDS.contains(lower)) {
      return true;
    }
    for (String marker : MARKERS) {
      if (lower.contains(marker)) {
        return true;
      }
    }
    return hasRun(lower);
  }

  /** True for a run of {@value #RUN} identical characters, or ascending or descending ones. */
  private static boolean hasRun(String text) {
    int same = 1;
    int up = 1;
    int down = 1;
    for (int i = 1; i < text.length(); i++) {
      char previous = text.charAt(i - 1);
      char c = text.charAt(i);
      boolean alnum = Character.isLetterOrDigit(c);
      same = alnum && c == previous ? same + 1 : 1;
      up = alnum && c == previous + 1 ? up + 1 : 1;
      down = alnum && c == previous - 1 ? down + 1 : 1;
      if (same >= RUN || up >= RUN || down >= RUN) {
        return true;
      }
    }
    return false;
  }
}
