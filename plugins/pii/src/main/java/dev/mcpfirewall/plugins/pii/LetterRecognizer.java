package dev.mcpfirewall.plugins.pii;

/**
 * Recognises letter-led identifiers at one position: IBANs (country code, check digits and the
 * country's exact length, mod-97 checked; plain or grouped by fours) and UK National Insurance
 * numbers (prefix rules applied). Bounded work per position.
 */
final class LetterRecognizer {
  private LetterRecognizer() {}

  static PiiMatch at(String text, int start) {
    PiiMatch iban = iban(text, start);
    return iban != null ? iban : nino(text, start);
  }

  private static PiiMatch iban(String text, int start) {
    int n = text.length();
    if (start + 4 > n
        || !upper(text.charAt(start + 1))
        || !NumberRecognizer.isDigit(text.charAt(start + 2))
        || !NumberRecognizer.isDigit(text.charAt(start + 3))) {
      return null;
    }
    int length = IbanFormat.length(text.substring(start, start + 2));
    if (length == 0) {
      return null;
    }
    StringBuilder compact = new StringBuilder(length);
    int i = start;
    while (i < n && compact.length() < length) {
      char c = text.charAt(i);
      if (upper(c) || NumberRecognizer.isDigit(c)) {
        compact.append(c);
        i++;
      } else if (c == ' ' && compact.length() % 4 == 0 && i + 1 < n && text.charAt(i + 1) != ' ') {
        i++;
      } else {
        break;
      }
    }
    if (compact.length() != length
        || (i < n && Character.isLetterOrDigit(text.charAt(i)))
        || !Checksums.ibanMod97(compact)) {
      return null;
    }
    return new PiiMatch(
        PiiKind.IBAN,
        "iban",
        start,
        i,
        compact.substring(0, 2) + "…" + compact.substring(compact.length() - 4));
  }

  private static PiiMatch nino(String text, int start) {
    int n = text.length();
    char first = text.charAt(start);
    if (start + 9 > n || "DFIQUV".indexOf(first) >= 0) {
      return null;
    }
    char second = text.charAt(start + 1);
    if (!upper(second) || "DFIQUVO".indexOf(second) >= 0) {
      return null;
    }
    String prefix = text.substring(start, start + 2);
    if (prefix.equals("BG")
        || prefix.equals("GB")
        || prefix.equals("NK")
        || prefix.equals("KN")
        || prefix.equals("TN")
        || prefix.equals("NT")
        || prefix.equals("ZZ")) {
      return null;
    }
    int i = start + 2;
    int digits = 0;
    while (i < n && digits < 6) {
      char c = text.charAt(i);
      if (NumberRecognizer.isDigit(c)) {
        digits++;
        i++;
      } else if (c == ' '
          && digits % 2 == 0
          && i + 1 < n
          && NumberRecognizer.isDigit(text.charAt(i + 1))) {
        i++;
      } else {
        break;
      }
    }
    if (digits != 6) {
      return null;
    }
    if (i < n && text.charAt(i) == ' ') {
      i++;
    }
    if (i >= n || "ABCD".indexOf(text.charAt(i)) < 0) {
      return null;
    }
    i++;
    if (i < n && Character.isLetterOrDigit(text.charAt(i))) {
      return null;
    }
    return new PiiMatch(PiiKind.NATIONAL_ID, "uk-nino", start, i, "** ** ** ** *");
  }

  static boolean upper(char c) {
    return c >= 'A' && c <= 'Z';
  }
}
