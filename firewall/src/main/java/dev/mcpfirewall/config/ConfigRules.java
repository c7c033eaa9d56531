package dev.mcpfirewall.config;

import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The rules of a configuration file that its JSON Schema cannot express: unique upstream names,
 * URLs an HTTP client can actually use, port numbers given as text, consistent restart backoff.
 *
 * <p>They run on the plain values of a {@link YamlDocument} whether or not the schema accepted
 * them, so that one run reports as much as possible; a value of the wrong shape is skipped here,
 * since the schema reports it.
 */
final class ConfigRules {

  private ConfigRules() {}

  static List<ConfigProblem> check(Object document) {
    List<ConfigProblem> problems = new ArrayList<>();
    if (!(document instanceof Map<?, ?> root)) {
      return problems;
    }
    if (root.get("listen") instanceof Map<?, ?> listen) {
      checkPort(listen.get("port"), problems);
    }
    if (root.get("upstreams") instanceof List<?> upstreams) {
      Map<String, Integer> firstUse = new HashMap<>();
      for (int i = 0; i < upstreams.size(); i++) {
        if (upstreams.get(i) instanceof Map<?, ?> upstream) {
          String pointer = "/upstreams/" + i;
          checkName(upstream.get("name"), pointer, i, firstUse, problems);
          checkUrl(upstream.get("url"), pointer + "/url", problems);
          checkWorkingDirectory(upstream.get("cwd"), pointer + "/cwd", problems);
          if (upstream.get("restart") instanceof Map<?, ?> restart) {
            checkBackoff(restart, pointer + "/restart", problems);
          }
        }
      }
    }
    return problems;
  }

  /** An integer port is range-checked by the schema; a port from {@code ${PORT}} is text. */
  private static void checkPort(Object port, List<ConfigProblem> problems) {
    if (port instanceof String text
        && text.matches("[0-9]{1,5}")
        && Integer.parseInt(text) > 65535) {
      problems.add(ConfigProblem.at("/listen/port", "must be a port number from 0 to 65535"));
    }
  }

  private static void checkName(
      Object name,
      String pointer,
      int index,
      Map<String, Integer> firstUse,
      List<ConfigProblem> problems) {
    if (!(name instanceof String text)) {
      return;
    }
    Integer first = firstUse.putIfAbsent(text, index);
    if (first != null) {
      problems.add(
          ConfigProblem.at(
              pointer + "/name",
              "duplicate upstream name; /upstreams/"
                  + first
                  + " already uses it, and each upstream needs its own /mcp/NAME endpoint"));
    }
  }

  private static void checkUrl(Object url, String pointer, List<ConfigProblem> problems) {
    if (!(url instanceof String text)) {
      return;
    }
    URI uri;
    try {
      uri = new URI(text);
    } catch (URISyntaxException e) {
      return; // the schema's format check reports it
    }
    String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
    if (!scheme.equals("http") && !scheme.equals("https")) {
      problems.add(ConfigProblem.at(pointer, "must be an http:// or https:// URL"));
    } else if (uri.getHost() == null || uri.getHost().isEmpty()) {
      problems.add(
          ConfigProblem.at(pointer, "must name a host, for example http://127.0.0.1:3001/mcp"));
    } else if (uri.getRawFragment() != null) {
      problems.add(ConfigProblem.at(pointer, "must not have a #fragment"));
    }
  }

  private static void checkWorkingDirectory(
      Object cwd, String pointer, List<ConfigProblem> problems) {
    if (cwd instanceof String text) {
      try {
        Path.of(text);
      } catch (InvalidPathException e) {
        problems.add(ConfigProblem.at(pointer, "is not a valid path on this system"));
      }
    }
  }

  private static void checkBackoff(
      Map<?, ?> restart, String pointer, List<ConfigProblem> problems) {
    Duration initial =
        durationOr(restart.get("initialBackoff"), UpstreamConfig.Restart.DEFAULT_INITIAL_BACKOFF);
    Duration max =
        durationOr(restart.get("maxBackoff"), UpstreamConfig.Restart.DEFAULT_MAX_BACKOFF);
    if (initial == null || max == null || initial.compareTo(max) <= 0) {
      return;
    }
    if (restart.containsKey("maxBackoff")) {
      problems.add(
          ConfigProblem.at(
              pointer + "/maxBackoff",
              "must be at least initialBackoff (" + DurationParser.format(initial) + ")"));
    } else {
      problems.add(
          ConfigProblem.at(
              pointer + "/initialBackoff",
              "must be at most maxBackoff ("
                  + DurationParser.format(max)
                  + " by default); set maxBackoff too"));
    }
  }

  /** The duration {@code value} stands for, {@code fallback} when absent, null when invalid. */
  private static Duration durationOr(Object value, Duration fallback) {
    if (value == null) {
      return fallback;
    }
    try {
      return DurationParser.parse(value);
    } catch (IllegalArgumentException | ArithmeticException e) {
      return null;
    }
  }
}
