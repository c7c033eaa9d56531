package dev.mcpfirewall.plugins.pii;

/**
 * Recognises email addresses (around an {@code @}) and IPv6 addresses. URL userinfo ({@code
 * scheme://user:pass@host}) is not an email address and is left to the secrets detector.
 */
final class AddressRecognizer {
  private static final int MAX_LOCAL = 64;
  private static final int MAX_DOMAIN = 253;

  private AddressRecognizer() {}

  /** The email address whose {@code @} is at {@code at}, starting no earlier than {@code floor}. */
  static PiiMatch email(String text, int at, int floor) {
    int start = at;
    while (start > floor && at - start < MAX_LOCAL && localChar(text.charAt(start - 1))) {
      start--;
    }
    while (start < at && !Character.isLetterOrDigit(text.charAt(start))) {
      start++;
    }
    if (start == at) {
      return null;
    }
    if (start > 0) {
      char before = text.charAt(start - 1);
      if (before == ':' || before == '/' || before == '@' || Character.isLetterOrDigit(before)) {
        return null;
      }
    }
    int n = text.length();
    int end = at + 1;
    int lastDot = -1;
    while (end < n && end - at <= MAX_DOMAIN) {
      char c = text.charAt(end);
      if (Character.isLetterOrDigit(c) && c < 128 || c == '-') {
        end++;
      } else if (c == '.'
          && end + 1 < n
          && Character.isLetterOrDigit(text.charAt(end + 1))
          && text.charAt(end - 1) != '.'
          && end > at + 1) {
        lastDot = end;
        end++;
      } else {
        break;
      }
    }
    if (lastDot < 0 || end - lastDot - 1 < 2 || end - lastDot - 1 > 24) {
      return null;
    }
    for (int i = lastDot + 1; i < end; i++) {
      if (!Character.isLetter(text.charAt(i))) {
        return null;
      }
    }
    String excerpt = text.charAt(start) + "***" + text.substring(at, end);
    return new PiiMatch(PiiKind.EMAIL, "email", start, end, excerpt);
  }

  private static boolean localChar(char c) {
    return c < 128 && (Character.isLetterOrDigit(c) || "._%+-".indexOf(c) >= 0);
  }

  /** The IPv6 address starting at {@code start}, or null. */
  static PiiMatch ipv6(String text, int start, boolean includePrivate) {
    int n = text.length();
    int end = start;
    while (end < n && end - start < 45 && (hex(text.charAt(end)) || text.charAt(end) == ':')) {
      end++;
    }
    if (end < n && (Character.isLetterOrDigit(text.charAt(end)) || text.charAt(end) == '.')) {
      return null; // embedded IPv4 tails and longer words are not handled: skip rather than guess
    }
    String token = text.substring(start, end);
    if (token.length() < 6 || !validIpv6(token)) {
      return null;
    }
    String lower = token.toLowerCase(java.util.Locale.ROOT);
    boolean special =
        lower.startsWith("fe8")
            || lower.startsWith("fe9")
            || lower.startsWith("fea")
            || lower.startsWith("feb")
            || lower.startsWith("fc")
            || lower.startsWith("fd")
            || lower.equals("::1")
            || lower.startsWith("2001:db8:");
    if (special && !includePrivate) {
      return null;
    }
    return new PiiMatch(
        PiiKind.IP_ADDRESS, "ipv6", start, end, token.substring(0, token.indexOf(':')) + ":…");
  }

  private static boolean validIpv6(String token) {
    int doubleColon = token.indexOf("::");
    if (doubleColon >= 0 && token.indexOf("::", doubleColon + 1) >= 0) {
      return false;
    }
    String[] parts = token.split(":", -1);
    int groups = 0;
    for (int i = 0; i < parts.length; i++) {
      String part = parts[i];
      if (part.isEmpty()) {
        boolean edgeOfDouble = doubleColon >= 0;
        if (!edgeOfDouble) {
          return false;
        }
        continue;
      }
      if (part.length() > 4) {
        return false;
      }
      groups++;
    }
    return doubleColon >= 0 ? groups >= 2 && groups <= 7 : groups == 8;
  }

  static boolean hex(char c) {
    return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
  }
}
