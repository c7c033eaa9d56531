package dev.mcpfirewall.plugins.pii;

import dev.mcpfirewall.plugins.api.Direction;
import dev.mcpfirewall.plugins.api.Finding;
import dev.mcpfirewall.plugins.api.Inspection;
import dev.mcpfirewall.plugins.api.Inspector;
import dev.mcpfirewall.plugins.api.Severity;
import dev.mcpfirewall.plugins.api.TextSegment;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The PII inspector: one pass over each segment's characters. Recognisers start only at word
 * boundaries ({@code @} for email addresses, a digit or {@code +} for numbers, an upper-case letter
 * for IBANs and NINOs, a hex digit for IPv6) and read a bounded token, so the scan is linear and
 * needs no regular expressions. Matches do not overlap. Immutable and thread-safe.
 */
final class PiiScanner implements Inspector {
  /**
   * Characters a recogniser can start at (besides '@', and ':' for IPv6 led by a letter): digits,
   * '+', upper case.
   */
  private static final boolean[] TRIGGERS = new boolean[128];

  /** ASCII letters, digits and '_': a recogniser never starts right after one of these. */
  private static final boolean[] WORD = new boolean[128];

  /** ASCII characters at which nothing can start: all but triggers, '@' and ':'. */
  private static final boolean[] QUIET = new boolean[128];

  static {
    for (char c = 0; c < 128; c++) {
      WORD[c] = Character.isLetterOrDigit(c) || c == '_';
    }
    for (char c = '0'; c <= '9'; c++) {
      TRIGGERS[c] = true;
    }
    for (char c = 'A'; c <= 'Z'; c++) {
      TRIGGERS[c] = true;
    }
    TRIGGERS['+'] = true;
    for (char c = 0; c < 128; c++) {
      QUIET[c] = !TRIGGERS[c] && c != '@' && c != ':';
    }
  }

  private final Set<PiiKind> kinds;
  private final Map<PiiKind, Severity> severities;
  private final Set<Direction> directions;
  private final boolean includePrivateIps;
  private final int maxFindings;

  PiiScanner(
      Set<PiiKind> kinds,
      Map<PiiKind, Severity> severities,
      Set<Direction> directions,
      boolean includePrivateIps,
      int maxFindings) {
    this.kinds = Set.copyOf(kinds);
    this.severities = Map.copyOf(severities);
    this.directions = Set.copyOf(directions);
    this.includePrivateIps = includePrivateIps;
    this.maxFindings = maxFindings;
  }

  @Override
  public List<Finding> inspect(Inspection inspection) {
    if (!directions.contains(inspection.direction())) {
      return List.of();
    }
    List<Finding> findings = new ArrayList<>();
    for (TextSegment segment : inspection.segments()) {
      for (PiiMatch match : scan(segment.text())) {
        findings.add(
            Finding.builder(match.kind().category(), match.rule())
                .severity(severities.getOrDefault(match.kind(), match.kind().defaultSeverity()))
                .confidence(confidence(match))
                .at(segment, match.start(), match.end())
                .excerpt(match.excerpt())
                .build());
      }
    }
    return findings;
  }

  /** The matches in {@code text}, in order, at most the configured number. */
  List<PiiMatch> scan(String text) {
    List<PiiMatch> matches = new ArrayList<>();
    int n = text.length();
    int floor = 0;
    int[] tokenEnd = new int[1];
    int i = 0;
    while (i < n && matches.size() < maxFindings) {
      char c = text.charAt(i);
      if (c < 128 && QUIET[c]) {
        // The common case: a space, punctuation, or a word starting in lower case, whose rest
        // cannot start a recogniser either.
        i++;
        if (WORD[c]) {
          while (i < n && (c = text.charAt(i)) < 128 && WORD[c]) {
            i++;
          }
        }
        continue;
      }
      int next = i + 1;
      PiiMatch match = null;
      if (c == '@') {
        match = AddressRecognizer.email(text, i, floor);
      } else if (c == ':') {
        match = ipv6LedByLetter(text, i, floor);
      } else if (c < 128 && TRIGGERS[c] && atBoundary(text, i)) {
        if (NumberRecognizer.isDigit(c)
            || (c == '+' && i + 1 < n && NumberRecognizer.isDigit(text.charAt(i + 1)))) {
          if (NumberRecognizer.isDigit(c) && ipv6Ahead(text, i)) {
            match = AddressRecognizer.ipv6(text, i, includePrivateIps);
          }
          if (match == null) {
            match = NumberRecognizer.at(text, i, tokenEnd);
            next = Math.max(next, tokenEnd[0]);
          }
        } else if (LetterRecognizer.upper(c)) {
          match = LetterRecognizer.at(text, i);
        }
      }
      if (match != null && match.start() >= floor && wanted(match, text)) {
        matches.add(match);
        floor = match.end();
        next = Math.max(next, match.end());
      } else if (c < 128 && WORD[c]) {
        // Recognisers start only at word boundaries: the rest of this word cannot start one.
        while (next < n && text.charAt(next) < 128 && WORD[text.charAt(next)]) {
          next++;
        }
      }
      i = next;
    }
    return matches;
  }

  private boolean wanted(PiiMatch match, String text) {
    if (!kinds.contains(match.kind())) {
      return false;
    }
    return includePrivateIps
        || !match.rule().equals("ipv4")
        || !privateIpv4(text.substring(match.start(), match.end()));
  }

  private static double confidence(PiiMatch match) {
    return switch (match.rule()) {
      case "payment-card", "iban", "email" -> 0.95;
      case "us-ssn", "uk-nino", "fr-nir", "es-dni", "ipv4", "ipv6" -> 0.85;
      case "ca-sin" -> 0.7;
      default -> 0.75;
    };
  }

  private static boolean atBoundary(String text, int i) {
    if (i == 0) {
      return true;
    }
    char before = text.charAt(i - 1);
    return before < 128 ? !WORD[before] : !Character.isLetterOrDigit(before);
  }

  /**
   * At a colon: an IPv6 address whose first group starts with a letter ({@code fe80:…}, {@code
   * abcd:…}) begins up to four hex characters back, at a word boundary. Digit-led ones were tried
   * at their first digit. Looking back from colons, which are rare, is cheaper than looking ahead
   * from every word that starts with a to f.
   */
  private PiiMatch ipv6LedByLetter(String text, int colon, int floor) {
    int start = colon;
    while (start > floor && colon - start < 4 && AddressRecognizer.hex(text.charAt(start - 1))) {
      start--;
    }
    if (start == colon
        || NumberRecognizer.isDigit(text.charAt(start))
        || !atBoundary(text, start)) {
      return null;
    }
    return AddressRecognizer.ipv6(text, start, includePrivateIps);
  }

  /** A hex group of one to four characters followed by a colon: worth trying IPv6. */
  private static boolean ipv6Ahead(String text, int i) {
    int j = i;
    while (j < text.length() && j - i < 4 && AddressRecognizer.hex(text.charAt(j))) {
      j++;
    }
    return j > i && j < text.length() && text.charAt(j) == ':';
  }

  static boolean privateIpv4(String ip) {
    String[] octets = ip.split("\\.");
    int a = Integer.parseInt(octets[0]);
    int b = Integer.parseInt(octets[1]);
    return a == 10
        || a == 127
        || a == 0
        || (a == 172 && b >= 16 && b <= 31)
        || (a == 192 && b == 168)
        || (a == 169 && b == 254)
        || a >= 224;
  }
}
