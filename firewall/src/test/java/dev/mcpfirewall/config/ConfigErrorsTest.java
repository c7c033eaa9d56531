package dev.mcpfirewall.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collections;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every kind of mistake an operator can make in the configuration file, each with the message it
 * must produce: the file, the JSON pointer, what was expected, and the line and column.
 */
class ConfigErrorsTest {

  /**
   * @param yaml the broken file
   * @param environment the firewall's environment
   * @param pointer the JSON pointer the problem must start with, or null for a syntax error
   * @param expected words the problem must contain (what was expected)
   * @param line 1-based line the problem must name
   * @param column 1-based column the problem must name
   */
  record Case(
      String name,
      String yaml,
      Map<String, String> environment,
      String pointer,
      String expected,
      int line,
      int column) {
    @Override
    public String toString() {
      return name;
    }
  }

  static Stream<Case> cases() {
    return Stream.of(
        new Case(
            "unknown top-level key",
            """
            lisen:
              port: 8080
            upstreams: [{name: a, url: "http://h/mcp"}]
            """,
            Map.of(),
            "/lisen",
            "unknown key (did you mean listen?); allowed here: listen, upstreams",
            1,
            1),
        new Case(
            "unknown key inside an upstream",
            """
            upstreams:
              - name: a
                url: http://h/mcp
                timeout: {connect: 5s}
            """,
            Map.of(),
            "/upstreams/0/timeout",
            "unknown key (did you mean timeouts?)",
            4,
            5),
        new Case(
            "duplicate upstream names",
            """
            upstreams:
              - name: files
                url: http://h/mcp
              - name: files
                command: [server]
            """,
            Map.of(),
            "/upstreams/1/name",
            "duplicate upstream name; /upstreams/0 already uses it",
            4,
            11),
        new Case(
            "both url and command",
            """
            upstreams:
              - name: a
                url: http://h/mcp
                command: [server]
            """,
            Map.of(),
            "/upstreams/0",
            "must have exactly one of url (an HTTP upstream) or command (a stdio upstream)",
            2,
            5),
        new Case(
            "neither url nor command",
            """
            upstreams:
              - name: a
                timeouts: {connect: 5s}
            """,
            Map.of(),
            "/upstreams/0",
            "must have exactly one of url (an HTTP upstream) or command (a stdio upstream)",
            2,
            5),
        new Case(
            "duration without a unit it knows",
            """
            upstreams:
              - name: a
                url: http://h/mcp
                timeouts:
                  connect: 5 minutes
            """,
            Map.of(),
            "/upstreams/0/timeouts/connect",
            "must be a positive duration such as 250ms, 5s, 10m or 1h",
            5,
            16),
        new Case(
            "zero duration",
            "upstreams: [{name: a, command: [x]}]\nsessions: {idleTimeout: 0s}\n",
            Map.of(),
            "/sessions/idleTimeout",
            "must be a positive duration",
            2,
            25),
        new Case(
            "unset environment variable",
            """
            upstreams:
              - name: a
                url: http://h/mcp
                headers:
                  Authorization: Bearer ${UPSTREAM_TOKEN}
            """,
            Map.of(),
            "/upstreams/0/headers/Authorization",
            "environment variable UPSTREAM_TOKEN is not set",
            5,
            22),
        new Case(
            "malformed environment reference",
            "upstreams: [{name: a, url: 'http://${HOST/mcp'}]\n",
            Map.of(),
            "/upstreams/0/url",
            "is not a valid environment reference",
            1,
            28),
        new Case(
            "url scheme other than http or https",
            "upstreams:\n  - name: a\n    url: ftp://example.com/mcp\n",
            Map.of(),
            "/upstreams/0/url",
            "must be an http:// or https:// URL",
            3,
            10),
        new Case(
            "url that is not a URI",
            "upstreams:\n  - name: a\n    url: http://exa mple.com/\n",
            Map.of(),
            "/upstreams/0/url",
            "must be a URI",
            3,
            10),
        new Case(
            "url without a host",
            "upstreams:\n  - name: a\n    url: http:///mcp\n",
            Map.of(),
            "/upstreams/0/url",
            "must name a host",
            3,
            10),
        new Case(
            "port above 65535",
            "listen: {port: 70000}\nupstreams: [{name: a, command: [x]}]\n",
            Map.of(),
            "/listen/port",
            "must be a port number from 0 to 65535",
            1,
            16),
        new Case(
            "port from the environment above 65535",
            "listen:\n  port: ${PORT}\nupstreams: [{name: a, command: [x]}]\n",
            Map.of("PORT", "99999"),
            "/listen/port",
            "must be a port number from 0 to 65535",
            2,
            9),
        new Case(
            "negative port",
            "listen: {port: -1}\nupstreams: [{name: a, command: [x]}]\n",
            Map.of(),
            "/listen/port",
            "must be a port number from 0 to 65535",
            1,
            16),
        new Case(
            "list where a mapping belongs",
            "listen: [127.0.0.1]\nupstreams: [{name: a, command: [x]}]\n",
            Map.of(),
            "/listen",
            "must be a mapping of keys to values, found a list",
            1,
            9),
        new Case(
            "quoted number",
            "upstreams: [{name: a, command: [x]}]\nsessions:\n  maxSessions: \"100\"\n",
            Map.of(),
            "/sessions/maxSessions",
            "must be a whole number, found a string (remove the quotes)",
            3,
            16),
        new Case(
            "number where a header value belongs",
            "upstreams: [{name: a, url: 'http://h', headers: {X-Count: 3}}]\n",
            Map.of(),
            "/upstreams/0/headers/X-Count",
            "must be a string (put the value in quotes)",
            1,
            59),
        new Case(
            "upstream without a name",
            "upstreams:\n  - url: http://h/mcp\n",
            Map.of(),
            "/upstreams/0",
            "missing required key name",
            2,
            5),
        new Case(
            "name that cannot be a path segment",
            "upstreams:\n  - name: my server\n    url: http://h/mcp\n",
            Map.of(),
            "/upstreams/0/name",
            "must be 1 to 64 letters, digits, hyphens or underscores",
            2,
            11),
        new Case(
            "transport on a stdio upstream",
            "upstreams:\n  - name: a\n    command: [x]\n    transport: sse\n",
            Map.of(),
            "/upstreams/0/transport",
            "allowed only together with url",
            4,
            5),
        new Case(
            "env on an HTTP upstream",
            "upstreams:\n  - name: a\n    url: http://h/mcp\n    env: {A: b}\n",
            Map.of(),
            "/upstreams/0/env",
            "allowed only together with command",
            4,
            5),
        new Case(
            "unknown transport",
            "upstreams:\n  - name: a\n    url: http://h/mcp\n    transport: websocket\n",
            Map.of(),
            "/upstreams/0/transport",
            "must be one of: streamable-http, sse",
            4,
            16),
        new Case(
            "no upstreams key",
            "listen: {port: 8080}\n",
            Map.of(),
            "/",
            "missing required key upstreams",
            1,
            1),
        new Case(
            "empty upstream list",
            "upstreams: []\n",
            Map.of(),
            "/upstreams",
            "must list at least one entry",
            1,
            12),
        new Case(
            "maxBackoff below initialBackoff",
            """
            upstreams:
              - name: a
                command: [x]
                restart: {initialBackoff: 1m, maxBackoff: 10s}
            """,
            Map.of(),
            "/upstreams/0/restart/maxBackoff",
            "must be at least initialBackoff (1m)",
            4,
            47),
        new Case(
            "duplicate YAML key",
            "upstreams:\n  - name: a\n    url: http://h/one\n    url: http://h/two\n",
            Map.of(),
            "/upstreams/0/url",
            "duplicate key; already set on line 3",
            4,
            5),
        new Case(
            "YAML tag that would build a Java object",
            "upstreams:\n  - name: a\n    url: !!java.net.URL [\"http://h/mcp\"]\n",
            Map.of(),
            null,
            "YAML error: Global tag is not allowed",
            3,
            10),
        new Case(
            "YAML tag outside the core types",
            "upstreams:\n  - name: a\n    url: !!binary aHR0cDovL2gvbWNw\n",
            Map.of(),
            "/upstreams/0/url",
            "the YAML tag !!binary is not supported",
            3,
            10),
        new Case(
            "YAML syntax error",
            "upstreams:\n  - name: a\n    url: http://h/mcp\n   oops: 1\n",
            Map.of(),
            null,
            "YAML syntax error",
            4,
            4),
        new Case("empty file", "# nothing here\n", Map.of(), "/", "the file is empty", -1, -1));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void eachMistakeIsReportedWithFilePointerPositionAndExpectation(Case c, @TempDir Path dir)
      throws IOException {
    Path file = Files.writeString(dir.resolve("broken.yaml"), c.yaml());

    ConfigException e =
        catchThrowableOfType(
            ConfigException.class, () -> new ConfigLoader(c.environment()).load(file));

    assertThat(e).as("a ConfigException").isNotNull();
    assertThat(e.getMessage()).startsWith(file + ": invalid configuration\n  ");
    assertThat(e.problems())
        .anySatisfy(
            problem -> {
              if (c.pointer() != null) {
                assertThat(problem).startsWith(c.pointer() + ": ");
              }
              assertThat(problem).contains(c.expected());
              if (c.line() > 0) {
                assertThat(problem).contains("(line " + c.line() + ", column " + c.column() + ")");
              }
            });
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void noMessageIsAStackTrace(Case c) {
    ConfigException e =
        catchThrowableOfType(
            ConfigException.class,
            () -> new ConfigLoader(c.environment()).parse(c.yaml(), "inline"));

    assertThat(e.getMessage()).doesNotContain("Exception", "\tat ", "com.networknt", "snakeyaml");
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void parseNamesTheSourceItWasGiven(Case c) {
    ConfigException e =
        catchThrowableOfType(
            ConfigException.class,
            () -> new ConfigLoader(c.environment()).parse(c.yaml(), "from-the-admin-api"));

    assertThat(e.getMessage()).startsWith("from-the-admin-api: invalid configuration");
  }

  @Test
  void theErrorExampleInTheDocsIsWhatTheLoaderPrints() throws IOException {
    String docs = Files.readString(Path.of("..", "docs", "configuration.md"));
    String errors = docs.substring(docs.indexOf("## Errors"));
    String yaml = block(errors, "```yaml\n");
    String printed = block(errors.substring(errors.indexOf("is refused with:")), "```\n");
    String source = printed.substring(0, printed.indexOf(':'));

    ConfigException e =
        catchThrowableOfType(
            ConfigException.class, () -> new ConfigLoader(Map.of()).parse(yaml, source));

    assertThat(e.getMessage() + "\n").isEqualTo(printed);
  }

  private static String block(String text, String fence) {
    int start = text.indexOf(fence) + fence.length();
    return text.substring(start, text.indexOf("```", start));
  }

  @Test
  void aRejectedValueFromTheEnvironmentIsNeverRepeated() {
    ConfigLoader loader = new ConfigLoader(Map.of("TOKEN", "top-secret\r\nX-Injected: 1"));

    ConfigException e =
        catchThrowableOfType(
            ConfigException.class,
            () ->
                loader.parse(
                    "upstreams:\n  - name: a\n    url: http://h/mcp\n"
                        + "    headers:\n      Authorization: Bearer ${TOKEN}\n",
                    "leak.yaml"));

    assertThat(e.problems())
        .containsExactly(
            "/upstreams/0/headers/Authorization: must not contain line breaks (line 5, column 22)");
    assertThat(e.getMessage()).doesNotContain("top-secret");
  }

  @Test
  void anAliasBombIsRefused() {
    StringBuilder yaml = new StringBuilder("a0: &a0 [x, x, x, x, x, x, x, x, x, x]\n");
    for (int i = 1; i < 8; i++) {
      String previous = "*a" + (i - 1);
      yaml.append("a").append(i).append(": &a").append(i).append(" [");
      yaml.append(String.join(", ", Collections.nCopies(10, previous))).append("]\n");
    }

    ConfigException e =
        catchThrowableOfType(
            ConfigException.class,
            () -> new ConfigLoader(Map.of()).parse(yaml.toString(), "bomb.yaml"));

    assertThat(e).isNotNull();
    assertThat(e.getMessage()).startsWith("bomb.yaml: invalid configuration");
  }

  @Test
  void aSelfReferencingAliasIsRefused() {
    ConfigException e =
        catchThrowableOfType(
            ConfigException.class,
            () -> new ConfigLoader(Map.of()).parse("a: &a [x, *a]\n", "loop.yaml"));

    assertThat(e.problems()).singleElement().asString().contains("too deeply nested");
  }
}
