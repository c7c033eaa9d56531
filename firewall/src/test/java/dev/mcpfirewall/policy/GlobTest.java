package dev.mcpfirewall.policy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class GlobTest {

  @ParameterizedTest(name = "''{0}'' vs ''{1}'' -> {2}")
  @CsvSource(
      delimiter = '|',
      quoteCharacter = '"',
      value = {
        "*              | anything          | true",
        "*              | \"\"              | true",
        "**             | x                 | true",
        "search_notes   | search_notes      | true",
        "search_notes   | search_notesX     | false",
        "search_notes   | Search_notes      | false",
        "search_*       | search_notes      | true",
        "search_*       | search_           | true",
        "search_*       | search            | false",
        "*_note         | delete_note       | true",
        "*_note         | delete_notes      | false",
        "*note*         | notes_api         | true",
        "*note*         | nothing           | false",
        "a*b*c          | abc               | true",
        "a*b*c          | aXbYc             | true",
        "a*b*c          | acb               | false",
        "a*b*c          | abcbc             | true",
        "a*a            | a                 | false",
        "a*a            | aa                | true",
        "read_?         | read_a            | true",
        "read_?         | read_ab           | false",
        "read_?         | read_             | false",
        "?*             | \"\"              | false",
        "?*             | x                 | true",
        "*?b            | ab                | true",
        "*?b            | b                 | false",
        "a?c*           | abcdef            | true",
        "*x?z*          | 00xyz00           | true",
        "a.b            | a.b               | true",
        "a.b            | axb               | false",
        "[ab]           | a                 | false",
        "[ab]           | [ab]              | true",
        "\\d+           | \\d+              | true",
        "\\d+           | 12                | false",
        "(a+b)          | a                 | false",
        "(a+b)          | (a+b)             | true",
        "^notes$        | notes             | false",
        "notes-*-prod   | notes-eu-prod     | true",
        "notes-*-prod   | notes-eu-staging  | false",
      })
  void matchesLiterallyExceptStarAndQuestionMark(String pattern, String name, boolean expected) {
    assertThat(Glob.compile(pattern).matches(name)).isEqualTo(expected);
  }

  @Test
  void onlyStarsMatchEverything() {
    assertThat(Glob.compile("*").matchesEverything()).isTrue();
    assertThat(Glob.compile("***").matchesEverything()).isTrue();
    assertThat(Glob.compile("*a").matchesEverything()).isFalse();
    assertThat(Glob.compile("").matches("")).isTrue();
    assertThat(Glob.compile("").matches("a")).isFalse();
  }

  @Test
  void patternsThatMakeRegexBacktrackMatchInLinearishTime() {
    String name = "a".repeat(20_000);
    Glob glob = Glob.compile("*a*a*a*a*a*a*a*a*a*a*a*a*a*a*a*b");
    assertTimeoutPreemptively(
        Duration.ofSeconds(2),
        () -> {
          for (int i = 0; i < 20; i++) {
            assertThat(glob.matches(name)).isFalse();
          }
        });
    assertThat(glob.matches(name + "b")).isTrue();
  }

  @Test
  void equalityIsByPattern() {
    assertThat(Glob.compile("a*")).isEqualTo(Glob.compile("a*")).hasToString("a*");
    assertThat(Glob.compile("a*")).isNotEqualTo(Glob.compile("a?"));
  }
}
