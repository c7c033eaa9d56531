package dev.mcpfirewall.auth.jwt;

import io.vertx.core.json.JsonObject;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.interfaces.ECPublicKey;
import java.security.interfaces.RSAPublicKey;
import java.security.spec.ECGenParameterSpec;
import java.util.Arrays;
import java.util.Base64;

/** Key pairs made in the test, as an identity provider would hold them, with their JWK and PEM. */
record TestKeys(String kid, String alg, KeyPair pair) {

  static TestKeys rsa(String kid) {
    return rsa(kid, "RS256");
  }

  static TestKeys rsa(String kid, String alg) {
    return new TestKeys(kid, alg, generate("RSA", 2048));
  }

  static TestKeys ec(String kid) {
    try {
      KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
      generator.initialize(new ECGenParameterSpec("secp256r1"));
      return new TestKeys(kid, "ES256", generator.generateKeyPair());
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }

  static TestKeys ed25519(String kid) {
    try {
      return new TestKeys(kid, "EdDSA", KeyPairGenerator.getInstance("Ed25519").generateKeyPair());
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }

  private static KeyPair generate(String family, int bits) {
    try {
      KeyPairGenerator generator = KeyPairGenerator.getInstance(family);
      generator.initialize(bits);
      return generator.generateKeyPair();
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }

  /** The public JWK as a provider publishes it, with {@code kid}, {@code alg} and {@code use}. */
  JsonObject jwk() {
    JsonObject jwk = publicJwk();
    if (kid != null) {
      jwk.put("kid", kid);
    }
    return jwk.put("alg", alg).put("use", "sig");
  }

  /** Only the key material: no kid, alg or use. */
  JsonObject publicJwk() {
    if (pair.getPublic() instanceof RSAPublicKey rsa) {
      return new JsonObject()
          .put("kty", "RSA")
          .put("n", b64(unsigned(rsa.getModulus(), 0)))
          .put("e", b64(unsigned(rsa.getPublicExponent(), 0)));
    }
    if (pair.getPublic() instanceof ECPublicKey ec) {
      return new JsonObject()
          .put("kty", "EC")
          .put("crv", "P-256")
          .put("x", b64(unsigned(ec.getW().getAffineX(), 32)))
          .put("y", b64(unsigned(ec.getW().getAffineY(), 32)));
    }
    byte[] spki = pair.getPublic().getEncoded();
    byte[] raw = Arrays.copyOfRange(spki, spki.length - 32, spki.length);
    return new JsonObject().put("kty", "OKP").put("crv", "Ed25519").put("x", b64(raw));
  }

  /** The public key as a {@code -----BEGIN PUBLIC KEY-----} PEM file. */
  String pem() {
    String body =
        Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII))
            .encodeToString(pair.getPublic().getEncoded());
    return "-----BEGIN PUBLIC KEY-----\n" + body + "\n-----END PUBLIC KEY-----\n";
  }

  private static byte[] unsigned(BigInteger value, int length) {
    byte[] bytes = value.toByteArray();
    if (bytes.length > 1 && bytes[0] == 0) {
      bytes = Arrays.copyOfRange(bytes, 1, bytes.length);
    }
    if (length > bytes.length) {
      byte[] padded = new byte[length];
      System.arraycopy(bytes, 0, padded, length - bytes.length, bytes.length);
      return padded;
    }
    return bytes;
  }

  static String b64(byte[] bytes) {
    return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
  }
}
