package dev.mcpfirewall.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

class DurationParserTest {

  static Stream<Arguments> durations() {
    return Stream.of(
        Arguments.of("250ms", Duration.ofMillis(250)),
        Arguments.of("5s", Duration.ofSeconds(5)),
        Arguments.of("10m", Duration.ofMinutes(10)),
        Arguments.of("1h", Duration.ofHours(1)),
        Arguments.of("2d", Duration.ofDays(2)),
        Arguments.of("90d", Duration.ofDays(90)),
        Arguments.of("999999999d", Duration.ofDays(999_999_999)),
        Arguments.of("007s", Duration.ofSeconds(7)),
        Arguments.of(1500, Duration.ofMillis(1500)),
        Arguments.of(9_007_199_254_740_991L, Duration.ofMillis(9_007_199_254_740_991L)));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("durations")
  void readsEveryForm(Object text, Duration expected) {
    assertThat(DurationParser.parse(text)).isEqualTo(expected);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("durations")
  void formatsWhatItReads(Object text, Duration expected) {
    assertThat(DurationParser.parse(DurationParser.format(expected))).isEqualTo(expected);
  }

  @ParameterizedTest(name = "[{0}]")
  @ValueSource(strings = {"5", "5 s", "1.5s", "5sec", "-1s", "", "1w", "2D", "1d12h"})
  void refusesAnythingElse(String text) {
    assertThatThrownBy(() -> DurationParser.parse(text))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
