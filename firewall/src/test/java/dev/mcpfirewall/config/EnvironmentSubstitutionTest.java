package dev.mcpfirewall.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class EnvironmentSubstitutionTest {

  private final EnvironmentSubstitution substitution =
      new EnvironmentSubstitution(Map.of("USER", "alice", "EMPTY", "", "DOLLAR", "$${X}"));

  @ParameterizedTest(name = "[{0}] -> [{1}]")
  @CsvSource(
      delimiter = '|',
      quoteCharacter = '"',
      value = {
        "plain text                  | plain text",
        "${USER}                     | alice",
        "hello ${USER}!              | hello alice!",
        "${USER}${USER}              | alicealice",
        "${MISSING:-guest}           | guest",
        "${USER:-guest}              | alice",
        "${EMPTY:-was empty}         | was empty",
        "\"[${EMPTY}]\"              | []",
        "${MISSING:-}                | \"\"",
        "${MISSING:-a:-b}            | a:-b",
        "$${USER}                    | ${USER}",
        "$$${USER}                   | $${USER}",
        "costs $5, or $ {USER}       | costs $5, or $ {USER}",
        "${DOLLAR}                   | $${X}",
      })
  void substitutes(String text, String expected) {
    assertThat(substitution.substitute(text)).isEqualTo(expected);
  }

  @ParameterizedTest(name = "[{0}]")
  @CsvSource(
      delimiter = '|',
      quoteCharacter = '"',
      value = {
        "${UNSET}             | environment variable UNSET is not set; set it, or give a default with ${UNSET:-value}",
        "${A} and ${B}        | environment variables A, B are not set; set them",
        "${not closed         | '${not closed' is not a valid environment reference",
        "${1ABC}              | '${1ABC}' is not a valid environment reference",
        "${}                  | '${}' is not a valid environment reference",
        "${USER:default}      | '${USER:default}' is not a valid environment reference",
      })
  void explainsWhatIsWrong(String text, String message) {
    assertThatThrownBy(() -> substitution.substitute(text))
        .isInstanceOf(EnvironmentSubstitution.Failure.class)
        .hasMessageStartingWith(message);
  }
}
