package dev.mcpfirewall.auth.jwt;

import io.vertx.core.json.JsonObject;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.PrivateKey;
import java.security.Signature;
import java.security.spec.MGF1ParameterSpec;
import java.security.spec.PSSParameterSpec;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Compact JWS built by hand with java.security, so a test controls every byte an attacker could.
 */
final class Tokens {
  private Tokens() {}

  /** Signed with the key's algorithm, naming its kid. */
  static String signed(TestKeys key, JsonObject claims) {
    JsonObject header = new JsonObject().put("alg", key.alg()).put("typ", "JWT");
    if (key.kid() != null) {
      header.put("kid", key.kid());
    }
    return signed(header, claims, key.alg(), key.pair().getPrivate());
  }

  static String signed(JsonObject header, JsonObject claims, String alg, PrivateKey key) {
    String input = segment(header) + "." + segment(claims);
    try {
      Signature signature = signature(alg);
      signature.initSign(key);
      signature.update(input.getBytes(StandardCharsets.US_ASCII));
      return input + "." + TestKeys.b64(signature.sign());
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }

  /** HMAC-signed, with whatever bytes the caller chooses as the secret. */
  static String hmac(JsonObject header, JsonObject claims, byte[] secret) {
    String input = segment(header) + "." + segment(claims);
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(secret, "HmacSHA256"));
      return input + "." + TestKeys.b64(mac.doFinal(input.getBytes(StandardCharsets.US_ASCII)));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }

  static String segment(JsonObject json) {
    return TestKeys.b64(json.encode().getBytes(StandardCharsets.UTF_8));
  }

  private static Signature signature(String alg) throws GeneralSecurityException {
    return switch (alg) {
      case "RS256" -> Signature.getInstance("SHA256withRSA");
      case "RS384" -> Signature.getInstance("SHA384withRSA");
      case "ES256" -> Signature.getInstance("SHA256withECDSAinP1363Format");
      case "PS256" -> {
        Signature pss = Signature.getInstance("RSASSA-PSS");
        pss.setParameter(new PSSParameterSpec("SHA-256", "MGF1", MGF1ParameterSpec.SHA256, 32, 1));
        yield pss;
      }
      case "EdDSA" -> Signature.getInstance("Ed25519");
      default -> throw new IllegalArgumentException(alg);
    };
  }
}
