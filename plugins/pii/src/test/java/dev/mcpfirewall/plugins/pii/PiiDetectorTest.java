package dev.mcpfirewall.plugins.pii;

import static dev.mcpfirewall.plugins.pii.PiiFixturesTest.context;
import static dev.mcpfirewall.plugins.pii.PiiFixturesTest.outbound;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mcpfirewall.plugins.api.Categories;
import dev.mcpfirewall.plugins.api.Finding;
import dev.mcpfirewall.plugins.api.Inspector;
import dev.mcpfirewall.plugins.api.Severity;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class PiiDetectorTest {
  private static final String TEXT =
      "Ada (ada@acme.io, +44 20 7946 0958) paid with 4111 1111 1111 1111 from 8.8.8.8,"
          + " IBAN DE89 3704 0044 0532 0130 00, SSN 123-45-6789.";

  @Test
  void classifiesEachKindWithItsCategoryAndSeverity() {
    List<Finding> findings = new PiiDetector().configure(context(Map.of())).inspect(outbound(TEXT));
    assertThat(findings)
        .extracting(Finding::category, Finding::severity)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple(Categories.PII_EMAIL, Severity.MEDIUM),
            org.assertj.core.groups.Tuple.tuple(Categories.PII_PHONE, Severity.MEDIUM),
            org.assertj.core.groups.Tuple.tuple(Categories.PII_PAYMENT_CARD, Severity.HIGH),
            org.assertj.core.groups.Tuple.tuple(Categories.PII_IP_ADDRESS, Severity.LOW),
            org.assertj.core.groups.Tuple.tuple(Categories.PII_IBAN, Severity.HIGH),
            org.assertj.core.groups.Tuple.tuple(Categories.PII_NATIONAL_ID, Severity.HIGH));
    assertThat(findings).allMatch(f -> f.isIn(Categories.PII));
    assertThat(findings.get(2).excerpt()).isEqualTo("**** 1111");
    assertThat(findings.get(0).excerpt()).isEqualTo("a***@acme.io");
  }

  @Test
  void kindsSeveritiesAndPrivateAddressesAreConfigurable() {
    Inspector cardsOnly =
        new PiiDetector()
            .configure(
                context(
                    Map.of(
                        "kinds", List.of("payment-card"),
                        "severities", Map.of("payment-card", "critical"))));
    assertThat(cardsOnly.inspect(outbound(TEXT)))
        .singleElement()
        .satisfies(f -> assertThat(f.severity()).isEqualTo(Severity.CRITICAL));
    Inspector withPrivate = new PiiDetector().configure(context(Map.of("includePrivateIps", true)));
    assertThat(withPrivate.inspect(outbound("gateway 192.168.1.1"))).hasSize(1);
  }

  @Test
  void unknownKindsAreRefused() {
    assertThatThrownBy(
            () -> new PiiDetector().configure(context(Map.of("kinds", List.of("shoe-size")))))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("shoe-size");
  }

  @Test
  void theSchemaNamesEveryKind() {
    String schema = new PiiDetector().configSchema();
    for (PiiKind kind : PiiKind.values()) {
      assertThat(schema).contains("\"" + kind.configName() + "\"");
    }
  }
}
