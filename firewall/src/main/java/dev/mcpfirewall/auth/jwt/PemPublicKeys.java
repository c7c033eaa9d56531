package dev.mcpfirewall.auth.jwt;

import io.vertx.ext.auth.PubSecKeyOptions;
import java.nio.charset.StandardCharsets;
import java.security.KeyFactory;
import java.security.NoSuchAlgorithmException;
import java.security.PublicKey;
import java.security.interfaces.ECPublicKey;
import java.security.interfaces.RSAPublicKey;
import java.security.spec.InvalidKeySpecException;
import java.security.spec.X509EncodedKeySpec;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Public keys from PEM files ({@code -----BEGIN PUBLIC KEY-----}, X.509 SubjectPublicKeyInfo): RSA,
 * EC (P-256, P-384, P-521) and EdDSA. A PEM file names no algorithm, so an RSA key is offered for
 * every accepted RSA algorithm, and an EC key for the one algorithm of its curve. PEM keys carry no
 * {@code kid}: they verify tokens whatever {@code kid} they name.
 */
final class PemPublicKeys {
  private static final String BEGIN = "-----BEGIN PUBLIC KEY-----";
  private static final String END = "-----END PUBLIC KEY-----";

  private PemPublicKeys() {}

  /**
   * The Vert.x key options for one PEM file, one per algorithm it can verify.
   *
   * @param source the file, for error messages
   * @throws IllegalArgumentException when the file holds no usable public key
   */
  static List<PubSecKeyOptions> parse(String source, String pem, Set<String> accepted) {
    PublicKey key = publicKey(source, pem);
    List<String> algorithms = new ArrayList<>();
    String description;
    if (key instanceof RSAPublicKey rsa) {
      description = "an RSA key";
      SignatureAlgorithms.RSA.stream().filter(accepted::contains).sorted().forEach(algorithms::add);
    } else if (key instanceof ECPublicKey ec) {
      int bits = ec.getParams().getCurve().getField().getFieldSize();
      description = "an EC key of " + bits + " bits";
      SignatureAlgorithms.ecForFieldSize(bits)
          .filter(accepted::contains)
          .ifPresent(algorithms::add);
    } else {
      description = "an EdDSA key";
      if (accepted.contains(SignatureAlgorithms.EDDSA)) {
        algorithms.add(SignatureAlgorithms.EDDSA);
      }
    }
    if (algorithms.isEmpty()) {
      throw new IllegalArgumentException(
          source
              + " holds "
              + description
              + ", but none of the algorithms that key signs with is in auth.jwt.algorithms "
              + accepted);
    }
    String normalized = normalized(key.getEncoded());
    List<PubSecKeyOptions> options = new ArrayList<>();
    for (String algorithm : algorithms) {
      options.add(new PubSecKeyOptions().setAlgorithm(algorithm).setBuffer(normalized));
    }
    return options;
  }

  private static PublicKey publicKey(String source, String pem) {
    int begin = pem.indexOf(BEGIN);
    int end = pem.indexOf(END);
    if (begin < 0 || end < begin) {
      throw new IllegalArgumentException(
          source + " is not a PEM public key: expected " + BEGIN + " ... " + END);
    }
    byte[] der;
    try {
      der = Base64.getMimeDecoder().decode(pem.substring(begin + BEGIN.length(), end).strip());
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(source + ": the PEM body is not valid base64");
    }
    X509EncodedKeySpec spec = new X509EncodedKeySpec(der);
    for (String family : List.of("RSA", "EC", "EdDSA")) {
      Optional<PublicKey> key = generate(family, spec);
      if (key.isPresent()) {
        return key.get();
      }
    }
    throw new IllegalArgumentException(source + ": not an RSA, EC or EdDSA public key");
  }

  private static Optional<PublicKey> generate(String family, X509EncodedKeySpec spec) {
    try {
      return Optional.of(KeyFactory.getInstance(family).generatePublic(spec));
    } catch (InvalidKeySpecException | NoSuchAlgorithmException | ClassCastException e) {
      return Optional.empty();
    }
  }

  /** The PEM Vert.x expects: 64-column base64 on its own lines, whatever the file's layout. */
  private static String normalized(byte[] der) {
    String body =
        new String(
            Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII)).encode(der),
            StandardCharsets.US_ASCII);
    return BEGIN + "\n" + body + "\n" + END + "\n";
  }
}
