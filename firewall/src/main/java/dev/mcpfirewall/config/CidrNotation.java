package dev.mcpfirewall.config;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.regex.Pattern;

/**
 * The check of an API key's {@code scopes.sourceCidrs} entries: an IPv4 or IPv6 address, optionally
 * followed by {@code /} and a prefix length that fits it ({@code 10.0.0.0/8}, {@code fd00::/8}); a
 * bare address is a range of one.
 *
 * <p>It is at least as strict as the authenticator's reading ({@code auth.apikey.Cidr}), so that a
 * file that loads never holds a range the authenticator refuses: only address literals (never a
 * host name, and so never a DNS lookup), no zone ids or brackets, and no address bits set beyond
 * the prefix length ({@code 10.1.2.3/8} is refused rather than guessed to mean {@code 10.0.0.0/8}
 * or {@code 10.1.2.3/32}).
 */
final class CidrNotation {

  private static final String OCTET = "(25[0-5]|2[0-4][0-9]|1[0-9][0-9]|[1-9]?[0-9])";
  private static final Pattern IPV4 = Pattern.compile(OCTET + "(\\." + OCTET + "){3}");

  /**
   * The characters of an IPv6 literal, starting with a hex digit or a colon and holding a colon:
   * for such text {@link InetAddress#getByName} parses the literal and never resolves a name.
   */
  private static final Pattern IPV6 = Pattern.compile("(?=[^:]*:)[0-9A-Fa-f:][0-9A-Fa-f:.]*");

  private CidrNotation() {}

  /**
   * Checks one entry.
   *
   * @throws IllegalArgumentException whose message says what was expected, without repeating {@code
   *     text}
   */
  static void check(String text) {
    int slash = text.indexOf('/');
    if (slash >= 0 && slash != text.lastIndexOf('/')) {
      throw new IllegalArgumentException(
          "must be an address or an address range in CIDR notation, such as 10.0.0.7 or"
              + " 10.0.0.0/8");
    }
    byte[] address = literal(slash < 0 ? text : text.substring(0, slash));
    if (address == null) {
      throw new IllegalArgumentException(
          "must be an IPv4 or IPv6 address, optionally with a prefix length, such as 10.0.0.0/8"
              + " or fd00::/8 (host names are not allowed)");
    }
    if (slash < 0) {
      return;
    }
    int bits = address.length * 8;
    String prefix = text.substring(slash + 1);
    if (!prefix.matches("[0-9]{1,3}") || Integer.parseInt(prefix) > bits) {
      throw new IllegalArgumentException(
          "must end with a prefix length from 0 to "
              + bits
              + " for an IPv"
              + (address.length == 4 ? 4 : 6)
              + " address");
    }
    int length = Integer.parseInt(prefix);
    for (int bit = length; bit < bits; bit++) {
      if ((address[bit / 8] & (0x80 >>> (bit % 8))) != 0) {
        throw new IllegalArgumentException(
            "has address bits set beyond the prefix length; write the first address of the"
                + " range (such as 10.0.0.0/8), or a single address");
      }
    }
  }

  /** The bytes of the address {@code text} is a literal of (16 for any IPv6 form), or null. */
  private static byte[] literal(String text) {
    boolean v6 = IPV6.matcher(text).matches();
    if (!v6 && !IPV4.matcher(text).matches()) {
      return null;
    }
    byte[] bytes;
    try {
      bytes = InetAddress.getByName(text).getAddress();
    } catch (UnknownHostException e) {
      return null;
    }
    if (v6 && bytes.length == 4) { // IPv4-mapped: Java hands back the IPv4 address
      byte[] mapped = new byte[16];
      mapped[10] = -1;
      mapped[11] = -1;
      System.arraycopy(bytes, 0, mapped, 12, 4);
      return mapped;
    }
    return bytes;
  }
}
