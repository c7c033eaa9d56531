package dev.mcpfirewall.plugins.pii;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mcpfirewall.plugins.api.DetectorContext;
import dev.mcpfirewall.plugins.api.Direction;
import dev.mcpfirewall.plugins.api.Finding;
import dev.mcpfirewall.plugins.api.Inspection;
import dev.mcpfirewall.plugins.api.Inspector;
import dev.mcpfirewall.plugins.api.TextSegment;
import dev.mcpfirewall.plugins.testkit.DetectorContexts;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * Each recogniser against values it must find (the span exactly on the value) and look-alikes it
 * must not: dates, versions, times, MAC addresses, numbers failing their checksum, invalid ranges.
 * Card and IBAN values are the issuers' published test numbers; the rest are synthesised.
 */
class PiiFixturesTest {
  /** A text, the rule expected (null for none) and the value it must cover. */
  record Case(String text, String rule, String value) {}

  static final List<Case> CASES =
      List.of(
          find("Contact jane.doe@acme.io for access.", "email", "jane.doe@acme.io"),
          find("mail j+tag@mail.co.uk now", "email", "j+tag@mail.co.uk"),
          none("import x from \"@angular/core\";"),
          none("postgres://svc:pw@db.internal/app"),
          none("ssh to user@localhost"),
          none("a@b.c is too short"),
          find("Card: 4111 1111 1111 1111 exp 12/28", "payment-card", "4111 1111 1111 1111"),
          find("mc 5555-5555-5555-4444.", "payment-card", "5555-5555-5555-4444"),
          find("amex 378282246310005", "payment-card", "378282246310005"),
          find("discover 6011 1111 1111 1117", "payment-card", "6011 1111 1111 1117"),
          find("jcb 3530111333300000 on file", "payment-card", "3530111333300000"),
          find("2-series 2221 0000 0000 0009", "payment-card", "2221 0000 0000 0009"),
          find("card 4111 1111 1111 1111 2026", "payment-card", "4111 1111 1111 1111"),
          none("bad luhn 4111 1111 1111 1112"),
          none("no issuer 1234 5678 9012 3452"),
          none("order 99999999999999999999 shipped"),
          find("IBAN GB82 WEST 1234 5698 7654 32.", "iban", "GB82 WEST 1234 5698 7654 32"),
          find("pay to DE89370400440532013000 today", "iban", "DE89370400440532013000"),
          find("FR14 2004 1010 0505 0001 3M02 606", "iban", "FR14 2004 1010 0505 0001 3M02 606"),
          find("NL91ABNA0417164300", "iban", "NL91ABNA0417164300"),
          none("GB82 WEST 1234 5698 7654 33 fails mod 97"),
          none("DE89 3704 0044 0532 0130 0 is short"),
          find("SSN 123-45-6789 on file", "us-ssn", "123-45-6789"),
          none("SSN 000-12-3456"),
          none("SSN 666-12-3456"),
          none("SSN 923-45-6789"),
          none("SSN 123-00-4567"),
          none("SSN 123-45-0000"),
          find("NINO AB 12 34 56 C.", "uk-nino", "AB 12 34 56 C"),
          find("nino:JG103759A", "uk-nino", "JG103759A"),
          none("GB 12 34 56 C is not issued"),
          none("QQ123456C is not issued"),
          find("SIN 130 692 544", "ca-sin", "130 692 544"),
          none("SIN 130 692 545"),
          find("NIR 2 69 05 49 588 157 80", "fr-nir", "2 69 05 49 588 157 80"),
          none("NIR 2 69 05 49 588 157 81"),
          find("DNI 12345678Z", "es-dni", "12345678Z"),
          none("DNI 12345678A"),
          find("call +1 415 555 2671 today", "phone-e164", "+1 415 555 2671"),
          find("London +44 20 7946 0958", "phone-e164", "+44 20 7946 0958"),
          find("US +1 (415) 555-2671", "phone-e164", "+1 (415) 555-2671"),
          find("office (415) 555-2671", "phone-national", "(415) 555-2671"),
          find("cell 415-555-2671.", "phone-national", "415-555-2671"),
          find("tel 020 7946 0958", "phone-national", "020 7946 0958"),
          find("Paris 01 42 68 53 00", "phone-national", "01 42 68 53 00"),
          none("released 2026-11-27 at 10:30:45"),
          none("version 1.2.3 and 10.0.19045"),
          none("pi is 3.14159265358979"),
          none("ISBN 978-3-16-148410-0"),
          none("between 2020-2024 sales grew 12.5%"),
          find("from 8.8.8.8 port 53", "ipv4", "8.8.8.8"),
          find("client 203.0.113.5", "ipv4", "203.0.113.5"),
          none("gateway 192.168.1.1"),
          none("localhost 127.0.0.1:8080"),
          none("oid 1.2.3.4.5"),
          none("256.1.1.1 is not an address"),
          find("resolver 2606:4700:4700::1111", "ipv6", "2606:4700:4700::1111"),
          find(
              "v6 2001:0db8:85a3:0000:0000:8a2e:0370:7334 up",
              "ipv6",
              "2001:0db8:85a3:0000:0000:8a2e:0370:7334"),
          find(
              "gw abcd:ef01:2345:6789:abcd:ef01:2345:6789 up",
              "ipv6",
              "abcd:ef01:2345:6789:abcd:ef01:2345:6789"),
          find("peer Fe01::2:3 seen", "ipv6", "Fe01::2:3"),
          none("mac 00:1a:2b:3c:4d:5e"),
          none("std::vector and a::b in C++"),
          none("link-local fe80::1ff:fe23:4567:890a"),
          none("time 12:30:45"));

  private static final Inspector PII = new PiiDetector().configure(context(Map.of()));

  private static Case find(String text, String rule, String value) {
    return new Case(text, rule, value);
  }

  private static Case none(String text) {
    return new Case(text, null, null);
  }

  static DetectorContext context(Map<String, Object> config) {
    return DetectorContexts.of(config);
  }

  static Inspection outbound(String text) {
    return new Inspection(
        Direction.OUTBOUND, "tools/call", "", "", Set.of(), List.of(TextSegment.of("/r", text)));
  }

  @TestFactory
  Stream<DynamicTest> eachCase() {
    return CASES.stream()
        .map(
            c ->
                DynamicTest.dynamicTest(
                    (c.rule() == null ? "nothing in: " : c.rule() + " in: ") + c.text(),
                    () -> {
                      List<Finding> findings = PII.inspect(outbound(c.text()));
                      if (c.rule() == null) {
                        assertThat(findings).isEmpty();
                      } else {
                        assertThat(findings).hasSize(1);
                        Finding f = findings.get(0);
                        assertThat(f.rule()).isEqualTo(c.rule());
                        assertThat(c.text().substring(f.start(), f.end())).isEqualTo(c.value());
                        assertThat(f.excerpt()).isNotEqualTo(c.value());
                      }
                    }));
  }
}
