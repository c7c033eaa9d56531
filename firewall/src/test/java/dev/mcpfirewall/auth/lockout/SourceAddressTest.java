package dev.mcpfirewall.auth.lockout;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class SourceAddressTest {

  @ParameterizedTest(name = "{0} -> {1}")
  @CsvSource(
      delimiter = '|',
      value = {
        "203.0.113.7 | 203.0.113.7",
        "2001:db8:1:2::1 | 2001:db8:1:2::/64",
        "2001:0db8:0001:0002:ffff:0:0:1 | 2001:db8:1:2::/64",
        "[2001:db8:1:2::1] | 2001:db8:1:2::/64",
        "fe80::1%eth0 | fe80:0:0:0::/64",
        "0:0:0:0:0:0:0:1 | 0:0:0:0::/64",
        "::1 | 0:0:0:0::/64",
        "::ffff:203.0.113.7 | 203.0.113.7",
        "0:0:0:0:0:ffff:cb00:7107 | 203.0.113.7",
        "64:ff9b::203.0.113.7 | 64:ff9b:0:0::/64",
        "not:an:address:: | not:an:address::",
        "1:2:3:4:5:6:7:8:9 | 1:2:3:4:5:6:7:8:9",
        "1::2::3 | 1::2::3",
        "'' | unknown",
      })
  void countsAddressesUnderTheirSubject(String address, String subject) {
    assertThat(SourceAddress.subject(address)).isEqualTo(subject);
  }
}
