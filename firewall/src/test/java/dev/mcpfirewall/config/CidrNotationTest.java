package dev.mcpfirewall.config;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class CidrNotationTest {

  @ParameterizedTest(name = "[{0}]")
  @ValueSource(
      strings = {
        "10.0.0.0/8",
        "192.168.1.7/32",
        "192.168.1.7",
        "0.0.0.0/0",
        "172.16.0.0/12",
        "::1/128",
        "::1",
        "::/0",
        "fd00::/8",
        "2001:db8::/32",
        "2001:DB8:0:0:0:0:0:0/32",
        "::ffff:10.0.0.0/104",
        "10.0.0.0/08",
      })
  void acceptsAddressesAndRanges(String text) {
    assertThatCode(() -> CidrNotation.check(text)).doesNotThrowAnyException();
  }

  @ParameterizedTest(name = "[{0}]: {1}")
  @CsvSource(
      delimiter = '|',
      value = {
        "10.0.0.0/33          | must end with a prefix length from 0 to 32 for an IPv4 address",
        "10.0.0.0/-1          | must end with a prefix length from 0 to 32",
        "10.0.0.0/            | must end with a prefix length from 0 to 32",
        "10.0.0.0/+8          | must end with a prefix length from 0 to 32",
        "::1/129              | must end with a prefix length from 0 to 128 for an IPv6 address",
        "::ffff:10.0.0.0/64   | has address bits set beyond the prefix length",
        "10.1.2.3/8           | has address bits set beyond the prefix length",
        "fd00::1/8            | has address bits set beyond the prefix length",
        "10.0.0.0/8/8         | must be an address or an address range in CIDR notation",
        "010.0.0.0/8          | must be an IPv4 or IPv6 address",
        "10.0.0/24            | must be an IPv4 or IPv6 address",
        "256.0.0.0/8          | must be an IPv4 or IPv6 address",
        "fd00:::1/64          | must be an IPv4 or IPv6 address",
        "fe80::1%eth0/64      | must be an IPv4 or IPv6 address",
        "[::1]/128            | must be an IPv4 or IPv6 address",
        "localhost/32         | must be an IPv4 or IPv6 address",
        "intranet.example.com | must be an IPv4 or IPv6 address",
        "abc.de:1/128         | must be an IPv4 or IPv6 address",
        ".:1/128              | must be an IPv4 or IPv6 address",
        "' 10.9.0.0/16'       | must be an IPv4 or IPv6 address",
        "''                   | must be an IPv4 or IPv6 address",
      })
  void refusesAnythingElseSayingWhyWithoutRepeatingIt(String text, String expected) {
    assertThatThrownBy(() -> CidrNotation.check(text))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith(expected)
        .satisfies(
            e -> {
              if (!text.isBlank()) {
                org.assertj.core.api.Assertions.assertThat(e.getMessage()).doesNotContain(text);
              }
            });
  }
}
