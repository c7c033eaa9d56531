package dev.mcpfirewall.auth.jwt;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The JWS algorithms the firewall verifies. Only public-key algorithms: the firewall holds its
 * identity provider's public keys and nothing secret, so an HMAC algorithm could only ever be
 * "verified" with a public key as the secret, which is the algorithm-confusion attack. {@code none}
 * is never a signature.
 */
final class SignatureAlgorithms {
  static final Set<String> RSA = Set.of("RS256", "RS384", "RS512", "PS256", "PS384", "PS512");
  static final String EDDSA = "EdDSA";

  /** JWK {@code crv} to the one ECDSA algorithm that uses that curve. */
  static final Map<String, String> EC_BY_CURVE =
      Map.of("P-256", "ES256", "P-384", "ES384", "P-521", "ES512");

  private SignatureAlgorithms() {}

  /**
   * The configured algorithms, checked.
   *
   * @throws IllegalArgumentException naming the first entry that is refused or unknown
   */
  static Set<String> accepted(List<String> configured) {
    if (configured.isEmpty()) {
      throw new IllegalArgumentException("auth.jwt.algorithms must name at least one algorithm");
    }
    Set<String> accepted = new LinkedHashSet<>();
    for (String alg : configured) {
      if (isNone(alg) || isHmac(alg)) {
        throw new IllegalArgumentException(
            "auth.jwt.algorithms: "
                + alg
                + " is never accepted: the firewall verifies tokens with public keys only"
                + " (HMAC with a public key as the secret is the algorithm-confusion attack)");
      }
      if (!RSA.contains(alg) && !EC_BY_CURVE.containsValue(alg) && !EDDSA.equals(alg)) {
        throw new IllegalArgumentException(
            "auth.jwt.algorithms: unknown algorithm "
                + alg
                + "; expected RS256, RS384, RS512, PS256, PS384, PS512, ES256, ES384, ES512 or"
                + " EdDSA");
      }
      accepted.add(alg);
    }
    return Set.copyOf(accepted);
  }

  static boolean isHmac(String alg) {
    return alg != null && alg.toUpperCase(Locale.ROOT).startsWith("HS");
  }

  static boolean isNone(String alg) {
    return alg != null && alg.trim().equalsIgnoreCase("none");
  }

  /** The ECDSA algorithm for a curve's field size in bits (256, 384, 521). */
  static Optional<String> ecForFieldSize(int bits) {
    return switch (bits) {
      case 256 -> Optional.of("ES256");
      case 384 -> Optional.of("ES384");
      case 521 -> Optional.of("ES512");
      default -> Optional.empty();
    };
  }
}
