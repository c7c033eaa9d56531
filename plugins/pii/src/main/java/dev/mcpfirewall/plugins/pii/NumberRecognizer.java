package dev.mcpfirewall.plugins.pii;

/**
 * Recognises digit-led personal data at one position: payment cards, national identifiers (US SSN,
 * Canadian SIN, French NIR, Spanish DNI), phone numbers and IPv4 addresses. It reads one bounded
 * token (digit groups joined by single separators) and tries the shapes from the longest group
 * prefix down, so the work per position is bounded and the whole scan stays linear.
 */
final class NumberRecognizer {
  private static final int MAX_GROUPS = 8;
  private static final int MAX_TOKEN = 40;

  private NumberRecognizer() {}

  /**
   * The match starting at {@code start} (a digit, or '+' before one), or null.
   *
   * @param end receives, in {@code end[0]}, where the token read ends, so the caller can skip it
   */
  static PiiMatch at(String text, int start, int[] end) {
    boolean plus = text.charAt(start) == '+';
    if (!plausible(text, plus ? start + 1 : start, end) || (!plus && dateLike(text, start))) {
      return null;
    }
    int[] groupStart = new int[MAX_GROUPS];
    int[] groupEnd = new int[MAX_GROUPS];
    int groups = 0;
    int i = plus ? start + 1 : start;
    int n = text.length();
    int limit = Math.min(n, start + MAX_TOKEN);
    while (i < limit && groups < MAX_GROUPS) {
      int g = i;
      while (i < n && i - start < MAX_TOKEN && isDigit(text.charAt(i))) {
        i++;
      }
      if (i == g) {
        break;
      }
      groupStart[groups] = g;
      groupEnd[groups] = i;
      groups++;
      int sep = i;
      while (sep < n && sep - i < 2 && " -./()".indexOf(text.charAt(sep)) >= 0) {
        sep++;
      }
      if (sep == i || sep >= n || !isDigit(text.charAt(sep))) {
        break;
      }
      i = sep;
    }
    end[0] = groups == 0 ? start + 1 : groupEnd[groups - 1];
    for (int k = groups; k >= 1; k--) {
      PiiMatch match = shapes(text, start, plus, groupStart, groupEnd, k);
      if (match != null) {
        return match;
      }
    }
    return null;
  }

  /**
   * A cheap first look without allocation: every shape needs eight digits or more, except IPv4
   * (four dotted groups). Most numbers in ordinary text (years, counts, times) stop here.
   */
  private static boolean plausible(String text, int from, int[] end) {
    int n = text.length();
    int limit = Math.min(n, from + MAX_TOKEN);
    int digits = 0;
    int groups = 0;
    boolean dotted = true;
    int i = from;
    while (i < limit) {
      int g = i;
      while (i < limit && isDigit(text.charAt(i))) {
        i++;
      }
      if (i == g) {
        break;
      }
      digits += i - g;
      groups++;
      end[0] = i;
      if (i + 1 < n && isDigit(text.charAt(i + 1)) && " -./()".indexOf(text.charAt(i)) >= 0) {
        dotted &= text.charAt(i) == '.';
        i++;
      } else if (i + 2 < n
          && isDigit(text.charAt(i + 2))
          && " -./()".indexOf(text.charAt(i)) >= 0
          && " -./()".indexOf(text.charAt(i + 1)) >= 0) {
        dotted = false;
        i += 2;
      } else {
        break;
      }
    }
    return digits >= 8 || (groups >= 4 && dotted);
  }

  /**
   * Four digits then a separator and two digits ({@code 2026-11-27}, {@code 2026/11}): a date or a
   * year, never one of the shapes (cards group by 4-4 or 4-6, trunk-0 phone numbers start with 0).
   */
  private static boolean dateLike(String text, int start) {
    int n = text.length();
    return start + 7 <= n
        && text.charAt(start) != '0'
        && isDigit(text.charAt(start + 1))
        && isDigit(text.charAt(start + 2))
        && isDigit(text.charAt(start + 3))
        && "-./".indexOf(text.charAt(start + 4)) >= 0
        && isDigit(text.charAt(start + 5))
        && isDigit(text.charAt(start + 6))
        && (start + 7 == n || !isDigit(text.charAt(start + 7)));
  }

  private static PiiMatch shapes(String text, int start, boolean plus, int[] gs, int[] ge, int k) {
    int end = ge[k - 1];
    if (end < text.length()
        && Character.isLetterOrDigit(text.charAt(end))
        && !dniLetter(text, gs, ge, k)) {
      return null;
    }
    StringBuilder digits = new StringBuilder(20);
    for (int g = 0; g < k; g++) {
      digits.append(text, gs[g], ge[g]);
    }
    int total = digits.length();
    if (plus) {
      if (total >= 8 && total <= 15 && digits.charAt(0) != '0') {
        return new PiiMatch(PiiKind.PHONE, "phone-e164", start, end, mask(digits, 2));
      }
      return null;
    }
    String seps = separators(text, gs, ge, k);
    if (k == 4 && seps.equals("...") && ipv4(text, gs, ge) && !continuesWithDotDigit(text, end)) {
      return new PiiMatch(
          PiiKind.IP_ADDRESS, "ipv4", start, end, text.substring(gs[0], ge[0]) + ".*.*.*");
    }
    if (seps.indexOf('.') >= 0 && k != 3) {
      return null; // versions, decimals and dotted dates are not phone numbers or cards
    }
    if (k == 3 && lengths(gs, ge, k, 3, 2, 4) && seps.equals("--") && ssn(digits)) {
      return new PiiMatch(PiiKind.NATIONAL_ID, "us-ssn", start, end, "***-**-****");
    }
    if (total >= 13
        && total <= 19
        && uniform(seps, " -")
        && groupsAtLeast(gs, ge, k, 3)
        && Checksums.luhn(digits)
        && cardPrefix(digits)) {
      return new PiiMatch(
          PiiKind.PAYMENT_CARD, "payment-card", start, end, "**** " + digits.substring(total - 4));
    }
    if (total == 15
        && (k == 1 || uniform(seps, " "))
        && (digits.charAt(0) == '1' || digits.charAt(0) == '2')
        && Checksums.frenchNir(digits)) {
      return new PiiMatch(PiiKind.NATIONAL_ID, "fr-nir", start, end, "*************" + "**");
    }
    if (k == 3
        && lengths(gs, ge, k, 3, 3, 3)
        && uniform(seps, " -")
        && "089".indexOf(digits.charAt(0)) < 0
        && Checksums.luhn(digits)) {
      return new PiiMatch(PiiKind.NATIONAL_ID, "ca-sin", start, end, "*** *** ***");
    }
    if (k == 1
        && total == 8
        && dniLetter(text, gs, ge, k)
        && Checksums.spanishDni(digits, text.charAt(end))) {
      return new PiiMatch(PiiKind.NATIONAL_ID, "es-dni", start, end + 1, "********" + "*");
    }
    return phone(text, start, end, digits, seps, gs, ge, k);
  }

  private static PiiMatch phone(
      String text,
      int start,
      int end,
      CharSequence digits,
      String seps,
      int[] gs,
      int[] ge,
      int k) {
    int total = digits.length();
    boolean parenthesised = start > 0 && text.charAt(start - 1) == '(';
    if (k == 3
        && lengths(gs, ge, k, 3, 3, 4)
        && digits.charAt(0) >= '2'
        && digits.charAt(3) >= '2') {
      boolean plain =
          seps.length() == 2 && uniform(seps, "-. ") && seps.charAt(0) == seps.charAt(1);
      boolean area = parenthesised && (seps.startsWith(") ") || seps.startsWith(")"));
      if (plain || area) {
        return new PiiMatch(
            PiiKind.PHONE,
            "phone-national",
            parenthesised ? start - 1 : start,
            end,
            mask(digits, 2));
      }
    }
    if (digits.charAt(0) == '0'
        && digits.charAt(1) != '0'
        && k >= 2
        && k <= 5
        && total >= 10
        && total <= 12
        && groupsAtLeast(gs, ge, k, 2)
        && uniform(seps, " -/")) {
      return new PiiMatch(PiiKind.PHONE, "phone-national", start, end, mask(digits, 2));
    }
    return null;
  }

  private static boolean dniLetter(String text, int[] gs, int[] ge, int k) {
    int end = ge[k - 1];
    return k == 1
        && ge[0] - gs[0] == 8
        && end < text.length()
        && text.charAt(end) >= 'A'
        && text.charAt(end) <= 'Z'
        && (end + 1 == text.length() || !Character.isLetterOrDigit(text.charAt(end + 1)));
  }

  private static boolean ssn(CharSequence d) {
    int area = Integer.parseInt(d.subSequence(0, 3).toString());
    int group = Integer.parseInt(d.subSequence(3, 5).toString());
    int serial = Integer.parseInt(d.subSequence(5, 9).toString());
    return area != 0 && area != 666 && area < 900 && group != 0 && serial != 0;
  }

  private static boolean ipv4(String text, int[] gs, int[] ge) {
    for (int g = 0; g < 4; g++) {
      int len = ge[g] - gs[g];
      if (len > 3 || (len > 1 && text.charAt(gs[g]) == '0')) {
        return false;
      }
      if (Integer.parseInt(text, gs[g], ge[g], 10) > 255) {
        return false;
      }
    }
    return true;
  }

  static boolean cardPrefix(CharSequence d) {
    int len = d.length();
    int two = (d.charAt(0) - '0') * 10 + (d.charAt(1) - '0');
    int four = Integer.parseInt(d.subSequence(0, 4).toString());
    int three = four / 10;
    if (d.charAt(0) == '4') {
      return len == 13 || len == 16 || len == 19;
    }
    if ((two >= 51 && two <= 55) || (four >= 2221 && four <= 2720)) {
      return len == 16;
    }
    if (two == 34 || two == 37) {
      return len == 15;
    }
    if (four == 6011 || two == 65 || (three >= 644 && three <= 649) || two == 62) {
      return len >= 16;
    }
    if (four >= 3528 && four <= 3589) {
      return len >= 16;
    }
    if ((three >= 300 && three <= 305) || two == 36 || two == 38) {
      return len >= 14;
    }
    return false;
  }

  private static String separators(String text, int[] gs, int[] ge, int k) {
    StringBuilder seps = new StringBuilder();
    for (int g = 1; g < k; g++) {
      seps.append(text, ge[g - 1], gs[g]);
    }
    return seps.toString();
  }

  private static boolean uniform(String seps, String allowed) {
    for (int i = 0; i < seps.length(); i++) {
      if (allowed.indexOf(seps.charAt(i)) < 0 || seps.charAt(i) != seps.charAt(0)) {
        return false;
      }
    }
    return true;
  }

  private static boolean lengths(int[] gs, int[] ge, int k, int... expected) {
    if (k != expected.length) {
      return false;
    }
    for (int g = 0; g < k; g++) {
      if (ge[g] - gs[g] != expected[g]) {
        return false;
      }
    }
    return true;
  }

  private static boolean groupsAtLeast(int[] gs, int[] ge, int k, int min) {
    if (k == 1) {
      return true;
    }
    for (int g = 0; g < k; g++) {
      if (ge[g] - gs[g] < min) {
        return false;
      }
    }
    return true;
  }

  private static boolean continuesWithDotDigit(String text, int end) {
    return end + 1 < text.length() && text.charAt(end) == '.' && isDigit(text.charAt(end + 1));
  }

  static String mask(CharSequence digits, int shown) {
    return "*".repeat(Math.max(0, digits.length() - shown))
        + digits.subSequence(digits.length() - shown, digits.length());
  }

  static boolean isDigit(char c) {
    return c >= '0' && c <= '9';
  }
}
