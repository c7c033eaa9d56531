package dev.mcpfirewall.policy;

import java.util.List;

/** Several {@link Glob}s; a name matches the set when it matches any of them. */
final class GlobSet {
  static final GlobSet NONE = new GlobSet(new Glob[0], false);

  private final Glob[] globs;
  private final boolean everything;

  private GlobSet(Glob[] globs, boolean everything) {
    this.globs = globs;
    this.everything = everything;
  }

  static GlobSet of(List<String> patterns) {
    if (patterns.isEmpty()) {
      return NONE;
    }
    Glob[] globs = patterns.stream().map(Glob::compile).distinct().toArray(Glob[]::new);
    boolean everything = false;
    for (Glob g : globs) {
      everything |= g.matchesEverything();
    }
    return new GlobSet(globs, everything);
  }

  boolean isEmpty() {
    return globs.length == 0;
  }

  boolean matches(String name) {
    if (everything) {
      return true;
    }
    for (Glob g : globs) {
      if (g.matches(name)) {
        return true;
      }
    }
    return false;
  }

  /** The first pattern that matches, for messages; null when none does. */
  String firstMatch(String name) {
    for (Glob g : globs) {
      if (g.matches(name)) {
        return g.pattern();
      }
    }
    return null;
  }

  @Override
  public String toString() {
    return List.of(globs).toString();
  }
}
