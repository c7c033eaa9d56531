package dev.mcpfirewall.audit;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mcpfirewall.audit.redact.FindingRedactor;
import dev.mcpfirewall.audit.redact.PayloadRedactor;
import dev.mcpfirewall.audit.redact.SecretPatterns;
import dev.mcpfirewall.plugins.api.Finding;
import dev.mcpfirewall.plugins.api.Severity;
import io.vertx.core.json.JsonObject;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/** The safety net and the finding-driven redaction, one case per kind of secret. */
class SecretPatternsTest {
  record Case(String name, String text, String secret, String rule) {}

  @TestFactory
  Stream<DynamicTest> everyKindOfSecretIsRedacted() {
    return Stream.of(
            new Case(
                "aws key id",
                "use AKIAIOSFODNN7EXAMPLE now",
                "AKIAIOSFODNN7EXAMPLE",
                "aws-access-key-id"),
            new Case(
                "pem block",
                "k: -----BEGIN PRIVATE KEY-----\nMIIBVgIBADANBgkqhkiG9w0B\n-----END PRIVATE KEY-----",
                "MIIBVgIBADANBgkqhkiG9w0B",
                "pem-private-key"),
            new Case(
                "unterminated pem",
                "-----BEGIN EC PRIVATE KEY-----\nMHcCAQEEIBkg4LVWM9nuwNSk",
                "MHcCAQEEIBkg4LVWM9nuwNSk",
                "pem-private-key"),
            new Case(
                "jwt",
                "token eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxMjM0In0.c2lnbmF0dXJlc2ln ok",
                "eyJzdWIiOiIxMjM0In0",
                "jwt"),
            new Case(
                "password assignment",
                "login with password=s3cr3t-Pa55word please",
                "s3cr3t-Pa55word",
                "credential-assignment"),
            new Case(
                "json password",
                "{\"password\":\"s3cr3t-Pa55word\"}",
                "s3cr3t-Pa55word",
                "credential-assignment"),
            new Case(
                "connection string",
                "postgres://app:Sup3rS3cret@db.internal:5432/x",
                "Sup3rS3cret",
                "connection-string-credentials"),
            new Case(
                "bearer",
                "Authorization: Bearer abcdefghijklmnop0123",
                "abcdefghijklmnop0123",
                "bearer-token"),
            new Case(
                "github",
                "ghp_0123456789abcdefghijklmnopqrstuvwxyzAB",
                "ghp_0123456789abcdefghijklmnopqrstuvwxyzAB",
                "github-token"),
            new Case(
                "card with spaces",
                "card 4111 1111 1111 1111 exp 12/29",
                "4111 1111 1111 1111",
                "payment-card"),
            new Case("card digits", "pay 5500005555555559 now", "5500005555555559", "payment-card"),
            new Case("card dashes", "amex 3782-822463-10005", "3782-822463-10005", "payment-card"))
        .map(
            c ->
                DynamicTest.dynamicTest(
                    c.name(),
                    () -> {
                      Set<String> rules = SecretPatterns.ruleSet();
                      String out = SecretPatterns.redact(c.text(), rules);
                      assertThat(out).doesNotContain(c.secret()).contains("[REDACTED:");
                      assertThat(rules).contains(c.rule());
                    }));
  }

  @Test
  void numbersThatFailLuhnAndOrdinaryTextStay() {
    Set<String> rules = SecretPatterns.ruleSet();
    String text = "order 4111 1111 1111 1112 shipped to 221B Baker Street at 10:00";
    assertThat(SecretPatterns.redact(text, rules)).isEqualTo(text);
    assertThat(rules).isEmpty();
  }

  @Test
  void aFindingRedactsTheWholeStringItPointsAtAndNothingElse() {
    JsonObject message =
        new JsonObject()
            .put("jsonrpc", "2.0")
            .put("id", 1)
            .put("method", "tools/call")
            .put(
                "params",
                new JsonObject()
                    .put("name", "lookup")
                    .put(
                        "arguments",
                        new JsonObject().put("email", "ann@example.com").put("q", "weather")));
    Finding pii =
        new Finding(
            "pii.email", Severity.MEDIUM, 0.9, "email", "/params/arguments/email", 0, 15, "a…m");
    PayloadRedactor.Redacted redacted = new FindingRedactor().redact(message, List.of(pii));
    assertThat(redacted.payload().encode()).doesNotContain("ann@example.com").contains("weather");
    assertThat(
            redacted
                .payload()
                .getJsonObject("params")
                .getJsonObject("arguments")
                .getString("email"))
        .isEqualTo("[REDACTED:email]");
    assertThat(redacted.rules()).containsExactly("email");
    assertThat(message.encode()).contains("ann@example.com"); // the original is untouched
  }
}
