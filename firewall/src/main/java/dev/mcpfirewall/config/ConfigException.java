package dev.mcpfirewall.config;

import java.util.List;

/**
 * A configuration file that cannot be used. Its message names the file, the location inside it and
 * what was expected, one problem per line, and is meant to be shown to the operator as is.
 */
public final class ConfigException extends RuntimeException {
  private final List<String> problems;

  public ConfigException(String source, List<String> problems) {
    super(source + ": invalid configuration\n  " + String.join("\n  ", problems));
    this.problems = List.copyOf(problems);
  }

  /** One line per problem, each starting with the location inside the file. */
  public List<String> problems() {
    return problems;
  }
}
