package dev.mcpfirewall.auth.apikey;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.DynamicTest.dynamicTest;

import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

class CidrTest {

  private record Case(String block, String address, boolean inside) {}

  @TestFactory
  Stream<DynamicTest> addressesInsideAndOutsideBlocks() {
    return Stream.of(
            new Case("10.0.0.0/8", "10.1.2.3", true),
            new Case("10.0.0.0/8", "11.0.0.1", false),
            new Case("192.168.1.0/24", "192.168.1.255", true),
            new Case("192.168.1.0/24", "192.168.2.0", false),
            new Case("172.16.0.0/12", "172.31.255.255", true),
            new Case("172.16.0.0/12", "172.32.0.0", false),
            new Case("203.0.113.7", "203.0.113.7", true),
            new Case("203.0.113.7/32", "203.0.113.8", false),
            new Case("0.0.0.0/0", "198.51.100.1", true),
            new Case("0.0.0.0/0", "::1", false),
            new Case("10.0.0.0/8", "::ffff:10.9.8.7", true),
            new Case("::ffff:10.0.0.0/104", "10.200.0.1", true),
            new Case("2001:db8::/32", "2001:db8:ffff::1", true),
            new Case("2001:db8::/32", "2001:db9::1", false),
            new Case("fd00::/8", "fdff:1:2:3::4", true),
            new Case("fd00::/8", "fe80::1", false),
            new Case("::1", "::1", true),
            new Case("::1", "0:0:0:0:0:0:0:1", true),
            new Case("::1/128", "::2", false),
            new Case("fe80::/10", "fe80::1%eth0", true),
            new Case("2001:db8::/33", "2001:db8:8000::1", false),
            new Case("2001:db8::/33", "2001:db8:7fff::1", true),
            new Case("::/0", "10.0.0.1", false),
            new Case("10.0.0.0/8", "localhost", false),
            new Case("10.0.0.0/8", "10.0.0", false),
            new Case("10.0.0.0/8", "", false),
            new Case("10.0.0.0/8", null, false))
        .map(
            c ->
                dynamicTest(
                    c.address() + (c.inside() ? " in " : " not in ") + c.block(),
                    () ->
                        assertThat(Cidr.parse(c.block()).contains(c.address()))
                            .isEqualTo(c.inside())));
  }

  @Test
  void malformedBlocksAreRefusedWithAUsefulMessage() {
    assertThatThrownBy(() -> Cidr.parse("10.0.0.0/33")).hasMessageContaining("prefix length");
    assertThatThrownBy(() -> Cidr.parse("10.0.0.0/-1")).hasMessageContaining("prefix length");
    assertThatThrownBy(() -> Cidr.parse("10.0.0.0/x")).hasMessageContaining("prefix length");
    assertThatThrownBy(() -> Cidr.parse("2001:db8::/129")).hasMessageContaining("prefix length");
    assertThatThrownBy(() -> Cidr.parse("example.com/8")).hasMessageContaining("not an IPv4");
    assertThatThrownBy(() -> Cidr.parse("10.1.2.3/8"))
        .hasMessageContaining("did you mean 10.0.0.0/8");
    assertThatThrownBy(() -> Cidr.parse(" ")).isInstanceOf(IllegalArgumentException.class);
    assertThat(Cidr.parse("2001:db8::/32")).hasToString("2001:db8:0:0:0:0:0:0/32");
  }
}
