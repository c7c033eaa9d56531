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
 * URLs an HTTP client can actually use, port numbers given as text, consistent backoffs; the rules
 * of the identity and access sections are in {@link AccessRules}.
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
      checkPort(listen.get("port"), "/listen/port", problems);
    }
    if (root.get("upstreams") instanceof List<?> upstreams) {
      Map<String, Integer> firstUse = new HashMap<>();
      for (int i = 0; i < upstreams.size(); i++) {
        if (upstreams.get(i) instanceof Map<?, ?> upstream) {
          String pointer = "/upstreams/" + i;
          checkName(upstream.get("name"), pointer, i, firstUse, problems);
          checkUrl(upstream.get("url"), pointer + "/url", "http://127.0.0.1:3001/mcp", problems);
          checkPath(upstream.get("cwd"), pointer + "/cwd", problems);
          if (upstream.get("restart") instanceof Map<?, ?> restart) {
            checkBackoff(
                restart,
                pointer + "/restart",
                UpstreamConfig.Restart.DEFAULT_INITIAL_BACKOFF,
                UpstreamConfig.Restart.DEFAULT_MAX_BACKOFF,
                problems);
          }
        }
      }
    }
    AccessRules.check(root, problems);
    AuditSection.check(root, problems);
    return problems;
  }

  /** An integer port is range-checked by the schema; a port from {@code ${PORT}} is text. */
  static void checkPort(Object port, String pointer, List<ConfigProblem> problems) {
    if (port instanceof String text
        && text.matches("[0-9]{1,5}")
        && Integer.parseInt(text) > 65535) {
      problems.add(ConfigProblem.at(pointer, "must be a port number from 0 to 65535"));
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

  /**
   * An http(s) URL with a host and no fragment.
   *
   * @param example a usable URL for this setting, shown when the host is missing
   * @return the parsed URL when it passed, or null
   */
  static URI checkUrl(Object url, String pointer, String example, List<ConfigProblem> problems) {
    if (!(url instanceof String text)) {
      return null;
    }
    URI uri;
    try {
      uri = new URI(text);
    } catch (URISyntaxException e) {
      return null; // the schema's format check reports it
    }
    String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
    if (!scheme.equals("http") && !scheme.equals("https")) {
      problems.add(ConfigProblem.at(pointer, "must be an http:// or https:// URL"));
    } else if (uri.getHost() == null || uri.getHost().isEmpty()) {
      problems.add(ConfigProblem.at(pointer, "must name a host, for example " + example));
    } else if (uri.getRawFragment() != null) {
      problems.add(ConfigProblem.at(pointer, "must not have a #fragment"));
    } else {
      return uri;
    }
    return null;
  }

  static void checkPath(Object path, String pointer, List<ConfigProblem> problems) {
    if (path instanceof String text) {
      try {
        Path.of(text);
      } catch (InvalidPathException e) {
        problems.add(ConfigProblem.at(pointer, "is not a valid path on this system"));
      }
    }
  }

  /** {@code initialBackoff} at most {@code maxBackoff}, either of them possibly defaulted. */
  static void checkBackoff(
      Map<?, ?> backoff,
      String pointer,
      Duration defaultInitial,
      Duration defaultMax,
      List<ConfigProblem> problems) {
    Duration initial = durationOr(backoff.get("initialBackoff"), defaultInitial);
    Duration max = durationOr(backoff.get("maxBackoff"), defaultMax);
    if (initial == null || max == null || initial.compareTo(max) <= 0) {
      return;
    }
    if (backoff.containsKey("maxBackoff")) {
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
  static Duration durationOr(Object value, Duration fallback) {
    if (value == null) {
      return fallback;
    }
    try {
      Duration duration = DurationParser.parse(value);
      return duration.isNegative() || duration.isZero() ? null : duration;
    } catch (IllegalArgumentException | ArithmeticException e) {
      return null;
    }
  }
}
