package dev.mcpfirewall.plugins.secrets;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

class Re2TranslationTest {
  @Test
  void posixClassesBecomeJavaProperties() {
    String java = Re2Translation.toJava("\\b(pat[[:alnum:]]{14}\\.[a-f0-9]{64})\\b");
    assertThat(java).isEqualTo("\\b(pat[\\p{Alnum}]{14}\\.[a-f0-9]{64})\\b");
    assertThat(Pattern.compile(java).matcher("patAbc123Def456Gh." + "a".repeat(64)).find())
        .isTrue();
  }

  @Test
  void namedGroupsLoseTheirP() {
    assertThat(Re2Translation.toJava("(?P<key>[a-z]+)")).isEqualTo("(?<key>[a-z]+)");
    assertThat(Re2Translation.toJava("(?P<a_b>x)")).isEqualTo("(?<ab>x)");
  }

  @Test
  void literalBracketsAndBracesAreEscaped() {
    assertThat(Re2Translation.toJava("[\\w[]")).isEqualTo("[\\w\\[]");
    assertThat(Re2Translation.toJava("^\\${(?:[A-Z_]+)}$")).isEqualTo("^\\$\\{(?:[A-Z_]+)}$");
    assertThat(Re2Translation.toJava("a{2,5}b{3}")).isEqualTo("a{2,5}b{3}");
    assertThat(Re2Translation.toJava("[a&&b]")).isEqualTo("[a\\&&b]");
  }
}
