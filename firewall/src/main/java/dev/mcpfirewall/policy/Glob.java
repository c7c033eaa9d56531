package dev.mcpfirewall.policy;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * A name pattern as roles, key scopes and deny lists write them: {@code *} matches any run of
 * characters (including none), {@code ?} exactly one character, and every other character only
 * itself (case-sensitive; there is no escape and no character class, so {@code .}, {@code [} or
 * {@code \} are plain characters). For example {@code search_*} matches {@code search_notes}, and
 * {@code read_?} matches {@code read_a} but not {@code read_ab}.
 *
 * <p>A pattern is compiled once into its literal segments. Matching never uses regular expressions
 * and never backtracks: each segment between stars is matched at its leftmost possible place, so a
 * match costs at most the input length times the pattern length, whatever the pattern.
 */
public final class Glob {
  private static final Glob ANY = new Glob("*", new String[0], true, true);

  private final String pattern;

  /** The pattern split at its stars; empty segments between adjacent stars are dropped. */
  private final String[] segments;

  private final boolean leadingStar;
  private final boolean trailingStar;
  private final boolean literal;
  private final int minLength;

  private Glob(String pattern, String[] segments, boolean leadingStar, boolean trailingStar) {
    this.pattern = pattern;
    this.segments = segments;
    this.leadingStar = leadingStar;
    this.trailingStar = trailingStar;
    this.literal = pattern.indexOf('*') < 0 && pattern.indexOf('?') < 0;
    int length = 0;
    for (String s : segments) {
      length += s.length();
    }
    this.minLength = length;
  }

  /** Compiles a pattern; every string is a valid pattern. */
  public static Glob compile(String pattern) {
    Objects.requireNonNull(pattern, "pattern");
    if (pattern.indexOf('*') < 0) {
      return new Glob(pattern, new String[] {pattern}, false, false);
    }
    List<String> parts = new ArrayList<>();
    int start = 0;
    for (int i = 0; i < pattern.length(); i++) {
      if (pattern.charAt(i) == '*') {
        if (i > start) {
          parts.add(pattern.substring(start, i));
        }
        start = i + 1;
      }
    }
    if (start < pattern.length()) {
      parts.add(pattern.substring(start));
    }
    if (parts.isEmpty()) {
      return ANY;
    }
    return new Glob(
        pattern,
        parts.toArray(String[]::new),
        pattern.charAt(0) == '*',
        pattern.charAt(pattern.length() - 1) == '*');
  }

  /** True when the pattern is {@code *} (or only stars): it matches every name. */
  public boolean matchesEverything() {
    return segments.length == 0;
  }

  /** The pattern as written. */
  public String pattern() {
    return pattern;
  }

  public boolean matches(String name) {
    if (segments.length == 0) {
      return true;
    }
    if (literal) {
      return pattern.equals(name);
    }
    int length = name.length();
    if (length < minLength) {
      return false;
    }
    if (!leadingStar && !trailingStar && segments.length == 1) {
      // Literal characters and '?' only: the lengths must agree.
      return length == segments[0].length() && regionMatches(name, 0, segments[0]);
    }
    int first = 0;
    int last = segments.length - 1;
    int from = 0;
    int until = length;
    if (!leadingStar) {
      if (!regionMatches(name, 0, segments[0])) {
        return false;
      }
      from = segments[0].length();
      first = 1;
    }
    if (!trailingStar) {
      String tail = segments[last];
      int tailStart = length - tail.length();
      if (tailStart < from || !regionMatches(name, tailStart, tail)) {
        return false;
      }
      until = tailStart;
      last--;
    }
    // Segments between stars: the leftmost place for each leaves the most room for the rest.
    for (int s = first; s <= last; s++) {
      int at = indexOf(name, segments[s], from, until);
      if (at < 0) {
        return false;
      }
      from = at + segments[s].length();
    }
    return true;
  }

  private static int indexOf(String name, String segment, int from, int until) {
    int lastStart = until - segment.length();
    for (int i = from; i <= lastStart; i++) {
      if (regionMatches(name, i, segment)) {
        return i;
      }
    }
    return -1;
  }

  private static boolean regionMatches(String name, int offset, String segment) {
    for (int i = 0; i < segment.length(); i++) {
      char p = segment.charAt(i);
      if (p != '?' && p != name.charAt(offset + i)) {
        return false;
      }
    }
    return true;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Glob other && pattern.equals(other.pattern);
  }

  @Override
  public int hashCode() {
    return pattern.hashCode();
  }

  @Override
  public String toString() {
    return pattern;
  }
}
