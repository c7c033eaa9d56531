package dev.mcpfirewall.plugins.pii;

/** The check-digit algorithms that separate real identifiers from look-alike numbers. */
final class Checksums {
  private static final String DNI_LETTERS = "TRWAGMYFPDXBNJZSQVHLCKE";

  private Checksums() {}

  /** Luhn (mod 10) over a string of digits: payment cards, Canadian SINs. */
  static boolean luhn(CharSequence digits) {
    int sum = 0;
    boolean twice = false;
    for (int i = digits.length() - 1; i >= 0; i--) {
      int d = digits.charAt(i) - '0';
      if (twice) {
        d *= 2;
        if (d > 9) {
          d -= 9;
        }
      }
      sum += d;
      twice = !twice;
    }
    return sum % 10 == 0;
  }

  /** ISO 13616 mod-97 over an IBAN without spaces: the rearranged number mod 97 is 1. */
  static boolean ibanMod97(CharSequence iban) {
    int remainder = 0;
    int n = iban.length();
    for (int k = 0; k < n; k++) {
      char c = iban.charAt((k + 4) % n);
      if (c >= '0' && c <= '9') {
        remainder = (remainder * 10 + (c - '0')) % 97;
      } else if (c >= 'A' && c <= 'Z') {
        remainder = (remainder * 100 + (c - 'A' + 10)) % 97;
      } else {
        return false;
      }
    }
    return remainder == 1;
  }

  /** French NIR: 13 digits and a key equal to 97 minus the number mod 97 (Corsica 2A/2B aside). */
  static boolean frenchNir(CharSequence fifteenDigits) {
    long number = Long.parseLong(fifteenDigits.subSequence(0, 13).toString());
    int key = Integer.parseInt(fifteenDigits.subSequence(13, 15).toString());
    return key == 97 - (int) (number % 97);
  }

  /** Spanish DNI: eight digits and the letter their value mod 23 selects. */
  static boolean spanishDni(CharSequence eightDigits, char letter) {
    int number = Integer.parseInt(eightDigits.toString());
    return DNI_LETTERS.charAt(number % 23) == letter;
  }
}
