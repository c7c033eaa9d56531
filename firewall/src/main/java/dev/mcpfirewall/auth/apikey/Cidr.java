package dev.mcpfirewall.auth.apikey;

import io.netty.util.NetUtil;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Arrays;

/**
 * A block of IPv4 or IPv6 addresses, {@code 10.0.0.0/8} or {@code 2001:db8::/32}; a bare address is
 * a block of one. IPv4-mapped IPv6 addresses ({@code ::ffff:10.1.2.3}) count as the IPv4 address
 * they carry, so a dual-stack listener matches IPv4 blocks.
 *
 * <p>Only address literals are read, never host names: nothing here resolves DNS.
 */
public final class Cidr {
  private final byte[] network;
  private final int prefixLength;

  private Cidr(byte[] network, int prefixLength) {
    this.network = network;
    this.prefixLength = prefixLength;
  }

  /**
   * Reads a block.
   *
   * @throws IllegalArgumentException if {@code text} is not an address, optionally followed by
   *     {@code /} and a prefix length that fits it, without bits set past the prefix
   */
  public static Cidr parse(String text) {
    if (text == null || text.isBlank()) {
      throw new IllegalArgumentException("an empty address block");
    }
    String trimmed = text.strip();
    int slash = trimmed.indexOf('/');
    String address = slash < 0 ? trimmed : trimmed.substring(0, slash);
    byte[] bytes = address(address);
    if (bytes == null) {
      throw new IllegalArgumentException(
          "'" + text + "' is not an IPv4 or IPv6 address block such as 10.0.0.0/8 or fd00::/8");
    }
    int bits = bytes.length * 8;
    int prefix = bits;
    if (slash >= 0) {
      try {
        prefix = Integer.parseInt(trimmed.substring(slash + 1));
      } catch (NumberFormatException e) {
        prefix = -1;
      }
      // A mapped IPv6 block (::ffff:10.0.0.0/104) is read as the IPv4 block it covers.
      if (bytes.length == 4 && address.contains(":")) {
        prefix -= 96;
      }
      if (prefix < 0 || prefix > bits) {
        throw new IllegalArgumentException("'" + text + "' has a prefix length outside 0.." + bits);
      }
    }
    Cidr cidr = new Cidr(bytes, prefix);
    if (!cidr.masked(bytes)) {
      throw new IllegalArgumentException(
          "'" + text + "' has bits set past its prefix length; did you mean " + cidr.base() + "?");
    }
    return cidr;
  }

  /**
   * Whether {@code address}, an IPv4 or IPv6 literal, lies in this block; false for anything that
   * is not an address literal.
   */
  public boolean contains(String address) {
    byte[] bytes = address(address);
    return bytes != null && contains(bytes);
  }

  private boolean contains(byte[] address) {
    if (address.length != network.length) {
      return false;
    }
    int full = prefixLength / 8;
    for (int i = 0; i < full; i++) {
      if (address[i] != network[i]) {
        return false;
      }
    }
    int rest = prefixLength % 8;
    if (rest == 0) {
      return true;
    }
    int mask = 0xff << (8 - rest);
    return (address[full] & mask) == (network[full] & mask);
  }

  /** Whether the address has no bits set past the prefix. */
  private boolean masked(byte[] address) {
    for (int bit = prefixLength; bit < address.length * 8; bit++) {
      if ((address[bit / 8] & (0x80 >>> (bit % 8))) != 0) {
        return false;
      }
    }
    return true;
  }

  private String base() {
    byte[] base = network.clone();
    for (int bit = prefixLength; bit < base.length * 8; bit++) {
      base[bit / 8] &= (byte) ~(0x80 >>> (bit % 8));
    }
    return new Cidr(base, prefixLength).toString();
  }

  /** The address's bytes (4 for IPv4 and IPv4-mapped IPv6, 16 for IPv6), or null. */
  private static byte[] address(String literal) {
    if (literal == null || literal.isEmpty()) {
      return null;
    }
    byte[] bytes = NetUtil.createByteArrayFromIpAddressString(literal);
    if (bytes != null && bytes.length == 16 && isMappedIpv4(bytes)) {
      byte[] v4 = new byte[4];
      System.arraycopy(bytes, 12, v4, 0, 4);
      return v4;
    }
    return bytes;
  }

  private static boolean isMappedIpv4(byte[] bytes) {
    for (int i = 0; i < 10; i++) {
      if (bytes[i] != 0) {
        return false;
      }
    }
    return bytes[10] == (byte) 0xff && bytes[11] == (byte) 0xff;
  }

  @Override
  public String toString() {
    try {
      return InetAddress.getByAddress(network).getHostAddress() + "/" + prefixLength;
    } catch (UnknownHostException e) {
      throw new IllegalStateException(e); // cannot happen: 4 or 16 bytes
    }
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof Cidr c
        && c.prefixLength == prefixLength
        && Arrays.equals(c.network, network);
  }

  @Override
  public int hashCode() {
    return 31 * Arrays.hashCode(network) + prefixLength;
  }
}
