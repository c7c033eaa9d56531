package dev.mcpfirewall.auth.jwt;

import dev.mcpfirewall.pipeline.FailureKind;
import dev.mcpfirewall.pipeline.FirewallFailure;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import java.util.Base64;
import java.util.Optional;

/**
 * A compact JWS split and decoded but not yet verified: enough to pick the key and refuse what can
 * be refused without cryptography. Nothing in it is trusted until the signature checks out.
 *
 * @param header the JOSE header
 * @param payload the claims
 * @param algorithm the header's {@code alg}
 * @param keyId the header's {@code kid}, if any
 */
record UnverifiedToken(
    JsonObject header, JsonObject payload, String algorithm, Optional<String> keyId) {

  /** Far above any real access token; bounds the work a hostile client can ask for. */
  static final int MAX_LENGTH = 16 * 1024;

  /**
   * Whether the string has the shape of a compact JWS: three base64url segments separated by dots.
   * The signature segment may be empty so that unsigned tokens still reach this authenticator and
   * are refused with a precise reason.
   */
  static boolean hasShape(String token) {
    if (token == null || token.isEmpty() || token.length() > MAX_LENGTH) {
      return false;
    }
    int dots = 0;
    int segmentLength = 0;
    for (int i = 0; i < token.length(); i++) {
      char c = token.charAt(i);
      if (c == '.') {
        if (segmentLength == 0) {
          return false;
        }
        dots++;
        segmentLength = 0;
      } else if (isBase64Url(c)) {
        segmentLength++;
      } else {
        return false;
      }
    }
    return dots == 2;
  }

  /**
   * Splits and decodes a token.
   *
   * @throws FirewallFailure {@code UNAUTHENTICATED} when it is not a well-formed signed JWT
   */
  static UnverifiedToken parse(String token) {
    if (token.length() > MAX_LENGTH) {
      throw rejected("token too large");
    }
    if (!hasShape(token)) {
      throw rejected("token malformed");
    }
    int first = token.indexOf('.');
    int second = token.indexOf('.', first + 1);
    JsonObject header = json(token.substring(0, first));
    JsonObject payload = json(token.substring(first + 1, second));
    if (!(header.getValue("alg") instanceof String alg) || alg.isEmpty()) {
      throw rejected("token malformed");
    }
    String signature = token.substring(second + 1);
    if (SignatureAlgorithms.isNone(alg) || signature.isEmpty()) {
      throw rejected(JwtAuthenticator.ALGORITHM_NOT_ACCEPTED);
    }
    decode(signature);
    Object kid = header.getValue("kid");
    if (kid != null && !(kid instanceof String)) {
      throw rejected("token malformed");
    }
    return new UnverifiedToken(header, payload, alg, Optional.ofNullable((String) kid));
  }

  private static JsonObject json(String segment) {
    try {
      return new JsonObject(Buffer.buffer(decode(segment)));
    } catch (RuntimeException e) {
      throw rejected("token malformed");
    }
  }

  private static byte[] decode(String segment) {
    try {
      return Base64.getUrlDecoder().decode(segment);
    } catch (IllegalArgumentException e) {
      throw rejected("token malformed");
    }
  }

  private static boolean isBase64Url(char c) {
    return (c >= 'A' && c <= 'Z')
        || (c >= 'a' && c <= 'z')
        || (c >= '0' && c <= '9')
        || c == '-'
        || c == '_';
  }

  static FirewallFailure rejected(String message) {
    return new FirewallFailure(FailureKind.UNAUTHENTICATED, message);
  }
}
