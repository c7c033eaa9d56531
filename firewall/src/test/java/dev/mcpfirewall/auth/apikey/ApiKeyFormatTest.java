package dev.mcpfirewall.auth.apikey;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.DynamicTest.dynamicTest;

import java.security.SecureRandom;
import java.util.HashSet;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

class ApiKeyFormatTest {
  private static final String SECRET = "AbCdEfGhIjKlMnOpQrStUvWxYz0123456789-_abcde";
  private final SecureRandom random = new SecureRandom();

  @Test
  void generatedKeysHaveTheDocumentedShapeAndParseBack() {
    Set<String> ids = new HashSet<>();
    for (int i = 0; i < 200; i++) {
      String id = ApiKeyFormat.randomId(random);
      String secret = ApiKeyFormat.randomSecret(random);
      assertThat(id).matches("[a-z2-7]{12}");
      assertThat(secret).matches("[A-Za-z0-9_-]{43}");
      String key = ApiKeyFormat.format(id, secret);
      assertThat(key).startsWith("mcpfw_" + id + "_");
      ApiKeyFormat.Parsed parsed = ApiKeyFormat.parse(key).orElseThrow();
      assertThat(parsed.id()).isEqualTo(id);
      assertThat(parsed.secret()).isEqualTo(secret);
      ids.add(id);
    }
    assertThat(ids).hasSize(200);
  }

  @Test
  void theKeySplitsAtTheFirstUnderscoreSoSecretsMayContainUnderscores() {
    String secret = "___________________________________________";
    ApiKeyFormat.Parsed parsed = ApiKeyFormat.parse("mcpfw_ci-bot_" + secret).orElseThrow();
    assertThat(parsed.id()).isEqualTo("ci-bot");
    assertThat(parsed.secret()).isEqualTo(secret);
  }

  @Test
  void chosenIdsAreAcceptedWithinTheirRules() {
    assertThat(ApiKeyFormat.isValidId("ci")).isTrue();
    assertThat(ApiKeyFormat.isValidId("build-agent-7")).isTrue();
    assertThat(ApiKeyFormat.isValidId("a".repeat(32))).isTrue();
    assertThat(ApiKeyFormat.isValidId("ab")).isTrue();
    assertThat(ApiKeyFormat.isValidId("a")).isFalse();
    assertThat(ApiKeyFormat.isValidId("a".repeat(33))).isFalse();
    assertThat(ApiKeyFormat.isValidId("CI")).isFalse();
    assertThat(ApiKeyFormat.isValidId("ci_bot")).isFalse();
    assertThatThrownBy(() -> ApiKeyFormat.format("ci_bot", SECRET))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void theSecretNeverAppearsInToString() {
    assertThat(ApiKeyFormat.parse("mcpfw_ci-bot_" + SECRET).orElseThrow().toString())
        .contains("ci-bot")
        .doesNotContain(SECRET);
  }

  @TestFactory
  Stream<DynamicTest> garbageIsNotAKeyAndNeverThrows() {
    return Stream.of(
            null,
            "",
            "mcpfw_",
            "mcpfw__",
            "mcpfw_ci",
            "mcpfw_ci_",
            "mcpfw_ci_short",
            "mcpfw__" + SECRET,
            "mcpfw_c_" + SECRET,
            "mcpfw_-_" + SECRET,
            "mcpfw_CI_" + SECRET,
            "mcpfw_ci_" + SECRET + "x",
            "mcpfw_ci_" + SECRET.substring(1),
            "mcpfw_ci_" + SECRET.replace('A', '+'),
            "mcpfw_ci_" + SECRET.replace('A', '='),
            "mcpfw_ci_" + SECRET.replace('A', 'é'),
            "MCPFW_ci_" + SECRET,
            "sk_ci_" + SECRET,
            " mcpfw_ci_" + SECRET,
            "mcpfw_ci_" + SECRET + " ",
            "mcpfw_" + "a".repeat(33) + "_" + SECRET,
            "mcpfw_" + "a".repeat(5000),
            "Bearer mcpfw_ci_" + SECRET,
            "eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJ4In0.c2ln")
        .map(
            token ->
                dynamicTest(
                    token == null || token.isBlank()
                        ? "<" + token + ">"
                        : token.length() > 60 ? token.substring(0, 60) + "..." : token,
                    () -> assertThat(ApiKeyFormat.parse(token)).isEmpty()));
  }
}
