package dev.mcpfirewall.auth.jwt;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.math.BigInteger;
import java.security.AlgorithmParameters;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.spec.ECGenParameterSpec;
import java.security.spec.ECParameterSpec;
import java.security.spec.ECPoint;
import java.security.spec.ECPublicKeySpec;
import java.security.spec.RSAPublicKeySpec;
import java.security.spec.X509EncodedKeySpec;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The usable signing keys of a JWKS document (RFC 7517). Kept: public RSA, EC and OKP (EdDSA) keys
 * meant for signatures, for accepted algorithms only; each reduced to its public parameters (a
 * provider that mistakenly publishes private parameters or certificate chains gets them dropped),
 * checked to load, and given an explicit {@code alg} (a key without one is offered for every
 * accepted algorithm of its type). Dropped: symmetric ({@code oct}) keys, always, and anything that
 * does not load, each with a warning.
 */
final class JwksDocument {
  private static final Logger log = LoggerFactory.getLogger(JwksDocument.class);

  /** SubjectPublicKeyInfo prefixes for the two EdDSA curves, followed by the raw key. */
  private static final Map<String, byte[]> OKP_SPKI_PREFIX =
      Map.of(
          "Ed25519", HexFormat.of().parseHex("302a300506032b6570032100"),
          "Ed448", HexFormat.of().parseHex("3043300506032b6571033a00"));

  private static final Map<String, String> EC_CURVE_NAMES =
      Map.of("P-256", "secp256r1", "P-384", "secp384r1", "P-521", "secp521r1");

  private JwksDocument() {}

  /**
   * @throws IllegalArgumentException when the document has no {@code keys} array
   */
  static List<JsonObject> usableKeys(JsonObject document, Set<String> accepted, String source) {
    if (!(document.getValue("keys") instanceof JsonArray keys)) {
      throw new IllegalArgumentException("not a JWKS document: no \"keys\" array");
    }
    List<JsonObject> usable = new ArrayList<>();
    for (Object entry : keys) {
      if (!(entry instanceof JsonObject jwk)) {
        continue;
      }
      Object kidValue = jwk.getValue("kid");
      if (kidValue != null && !(kidValue instanceof String)) {
        log.warn("JWKS {}: ignoring a key whose kid is not a string", source);
        continue;
      }
      String kid = kidValue == null ? "(no kid)" : (String) kidValue;
      Object use = jwk.getValue("use");
      if (use != null && !"sig".equals(use)) {
        continue;
      }
      Object kty = jwk.getValue("kty");
      if ("oct".equals(kty)) {
        log.warn("JWKS {}: ignoring symmetric key {}: HMAC keys are never accepted", source, kid);
        continue;
      }
      Object alg = jwk.getValue("alg");
      if (alg != null && !(alg instanceof String)) {
        continue;
      }
      try {
        for (String algorithm : algorithms(jwk, (String) alg, accepted)) {
          usable.add(publicPart(jwk, algorithm));
        }
      } catch (GeneralSecurityException | RuntimeException e) {
        log.warn("JWKS {}: ignoring key {}: it does not load ({})", source, kid, e.toString());
      }
    }
    return List.copyOf(usable);
  }

  /** The accepted algorithms this key verifies, after checking that its key material loads. */
  private static List<String> algorithms(JsonObject jwk, String alg, Set<String> accepted)
      throws GeneralSecurityException {
    Object kty = jwk.getValue("kty");
    List<String> candidates = new ArrayList<>();
    if ("RSA".equals(kty)) {
      KeyFactory.getInstance("RSA")
          .generatePublic(new RSAPublicKeySpec(unsigned(jwk, "n"), unsigned(jwk, "e")));
      if (alg == null) {
        SignatureAlgorithms.RSA.stream().sorted().forEach(candidates::add);
      } else if (SignatureAlgorithms.RSA.contains(alg)) {
        candidates.add(alg);
      }
    } else if ("EC".equals(kty)) {
      String crv = jwk.getString("crv");
      String curveAlg = SignatureAlgorithms.EC_BY_CURVE.get(crv);
      if (curveAlg == null) {
        return List.of();
      }
      AlgorithmParameters parameters = AlgorithmParameters.getInstance("EC");
      parameters.init(new ECGenParameterSpec(EC_CURVE_NAMES.get(crv)));
      KeyFactory.getInstance("EC")
          .generatePublic(
              new ECPublicKeySpec(
                  new ECPoint(unsigned(jwk, "x"), unsigned(jwk, "y")),
                  parameters.getParameterSpec(ECParameterSpec.class)));
      if (alg == null || alg.equals(curveAlg)) {
        candidates.add(curveAlg);
      }
    } else if ("OKP".equals(kty)) {
      byte[] prefix = OKP_SPKI_PREFIX.get(jwk.getString("crv"));
      if (prefix == null) {
        return List.of();
      }
      byte[] raw = Base64.getUrlDecoder().decode(jwk.getString("x"));
      byte[] spki = new byte[prefix.length + raw.length];
      System.arraycopy(prefix, 0, spki, 0, prefix.length);
      System.arraycopy(raw, 0, spki, prefix.length, raw.length);
      KeyFactory.getInstance("EdDSA").generatePublic(new X509EncodedKeySpec(spki));
      if (alg == null || alg.equals(SignatureAlgorithms.EDDSA)) {
        candidates.add(SignatureAlgorithms.EDDSA);
      }
    }
    candidates.retainAll(accepted);
    return candidates;
  }

  private static JsonObject publicPart(JsonObject jwk, String algorithm) {
    JsonObject result = new JsonObject().put("kty", jwk.getString("kty")).put("alg", algorithm);
    for (String field : List.of("kid", "crv", "n", "e", "x", "y")) {
      if (jwk.containsKey(field)) {
        result.put(field, jwk.getValue(field));
      }
    }
    return result.put("use", "sig");
  }

  private static BigInteger unsigned(JsonObject jwk, String field) {
    String value = jwk.getString(field);
    if (value == null) {
      throw new IllegalArgumentException("missing " + field);
    }
    return new BigInteger(1, Base64.getUrlDecoder().decode(value));
  }
}
