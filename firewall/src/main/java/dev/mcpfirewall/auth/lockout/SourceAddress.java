package dev.mcpfirewall.auth.lockout;

import java.util.Arrays;

/**
 * The subject a client address is counted under. IPv4 addresses count as themselves. IPv6 addresses
 * count by their /64 prefix, since one host usually holds a whole /64 and could otherwise rotate
 * through billions of addresses to stay below the threshold. IPv4-mapped IPv6 addresses count as
 * the IPv4 address. Nothing here resolves names: a string that is not an address literal is used as
 * it is (truncated).
 */
final class SourceAddress {
  static final String UNKNOWN = "unknown";
  private static final int MAX_LENGTH = 64;

  private SourceAddress() {}

  static String subject(String address) {
    if (address == null || address.isEmpty()) {
      return UNKNOWN;
    }
    if (address.indexOf(':') < 0) {
      return truncated(address);
    }
    String v6 = address;
    if (v6.startsWith("[") && v6.endsWith("]")) {
      v6 = v6.substring(1, v6.length() - 1);
    }
    int zone = v6.indexOf('%');
    if (zone >= 0) {
      v6 = v6.substring(0, zone);
    }
    int[] groups = parse(v6);
    if (groups == null) {
      return truncated(address);
    }
    if (isIpv4Mapped(groups)) {
      return (groups[6] >> 8)
          + "."
          + (groups[6] & 0xff)
          + "."
          + (groups[7] >> 8)
          + "."
          + (groups[7] & 0xff);
    }
    return Integer.toHexString(groups[0])
        + ":"
        + Integer.toHexString(groups[1])
        + ":"
        + Integer.toHexString(groups[2])
        + ":"
        + Integer.toHexString(groups[3])
        + "::/64";
  }

  private static boolean isIpv4Mapped(int[] groups) {
    for (int i = 0; i < 5; i++) {
      if (groups[i] != 0) {
        return false;
      }
    }
    return groups[5] == 0xffff;
  }

  /** The eight 16-bit groups of an IPv6 literal, or null if it is not one. */
  private static int[] parse(String text) {
    int[] groups = new int[8];
    int doubleColon = text.indexOf("::");
    if (doubleColon >= 0 && text.indexOf("::", doubleColon + 1) >= 0) {
      return null;
    }
    String head = doubleColon >= 0 ? text.substring(0, doubleColon) : text;
    String tail = doubleColon >= 0 ? text.substring(doubleColon + 2) : "";
    int[] headGroups = groups(head);
    int[] tailGroups = groups(tail);
    if (headGroups == null || tailGroups == null) {
      return null;
    }
    int total = headGroups.length + tailGroups.length;
    if (doubleColon >= 0 ? total > 7 : total != 8) {
      return null;
    }
    System.arraycopy(headGroups, 0, groups, 0, headGroups.length);
    System.arraycopy(tailGroups, 0, groups, 8 - tailGroups.length, tailGroups.length);
    return groups;
  }

  /** Colon-separated hex groups, the last of which may be a dotted IPv4 address (two groups). */
  private static int[] groups(String part) {
    if (part.isEmpty()) {
      return new int[0];
    }
    String[] pieces = part.split(":", -1);
    int[] out = new int[pieces.length + 1];
    int n = 0;
    for (int i = 0; i < pieces.length; i++) {
      String piece = pieces[i];
      if (i == pieces.length - 1 && piece.indexOf('.') >= 0) {
        long v4 = ipv4(piece);
        if (v4 < 0) {
          return null;
        }
        out[n++] = (int) (v4 >>> 16);
        out[n++] = (int) (v4 & 0xffff);
        continue;
      }
      if (piece.isEmpty() || piece.length() > 4) {
        return null;
      }
      int value = 0;
      for (int j = 0; j < piece.length(); j++) {
        int digit = Character.digit(piece.charAt(j), 16);
        if (digit < 0) {
          return null;
        }
        value = value * 16 + digit;
      }
      out[n++] = value;
    }
    return Arrays.copyOf(out, n);
  }

  /** A dotted IPv4 address as an unsigned 32-bit value, or -1 if it is not one. */
  private static long ipv4(String text) {
    String[] octets = text.split("\\.", -1);
    if (octets.length != 4) {
      return -1;
    }
    long value = 0;
    for (String octet : octets) {
      if (octet.isEmpty() || octet.length() > 3) {
        return -1;
      }
      int parsed = 0;
      for (int i = 0; i < octet.length(); i++) {
        char c = octet.charAt(i);
        if (c < '0' || c > '9') {
          return -1;
        }
        parsed = parsed * 10 + (c - '0');
      }
      if (parsed > 255) {
        return -1;
      }
      value = (value << 8) | parsed;
    }
    return value;
  }

  private static String truncated(String address) {
    return address.length() <= MAX_LENGTH ? address : address.substring(0, MAX_LENGTH);
  }
}
