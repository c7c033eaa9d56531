package dev.mcpfirewall.auth.jwt;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;

/**
 * The registered claims every accepted token must satisfy: the configured issuer, the configured
 * audience among its {@code aud}, an {@code exp} that has not passed, and no {@code nbf} or {@code
 * iat} in the future, each with the configured clock skew. Run on verified claims; Vert.x Auth JWT
 * checks issuer, audience and times as well, this class adds the required {@code exp} and says
 * precisely which rule failed.
 */
final class ClaimChecks {
  static final String EXPIRED = "token expired";

  private final String issuer;
  private final String audience;
  private final long skewSeconds;
  private final Clock clock;

  ClaimChecks(String issuer, String audience, Duration clockSkew, Clock clock) {
    this.issuer = issuer;
    this.audience = audience;
    this.skewSeconds = clockSkew.toSeconds();
    this.clock = clock;
  }

  static final String NO_EXPIRY = "token has no expiry";

  /**
   * Whether the time claims have the right types: {@code exp} a number, {@code nbf} and {@code iat}
   * numbers when present. Checked before verification so that nothing downstream trips over a
   * string where a number belongs.
   */
  static Optional<String> typeProblem(JsonObject claims) {
    if (!(claims.getValue("exp") instanceof Number)) {
      return Optional.of(NO_EXPIRY);
    }
    for (String claim : new String[] {"nbf", "iat"}) {
      Object value = claims.getValue(claim);
      if (value != null && !(value instanceof Number)) {
        return Optional.of("token malformed");
      }
    }
    return Optional.empty();
  }

  /** What is wrong with the claims, in words a client may see; empty when they are acceptable. */
  Optional<String> problem(JsonObject claims) {
    if (!issuer.equals(claims.getValue("iss"))) {
      return Optional.of("token issuer not accepted");
    }
    if (!hasAudience(claims.getValue("aud"))) {
      return Optional.of("token audience not accepted");
    }
    long now = clock.instant().getEpochSecond();
    Object exp = claims.getValue("exp");
    if (!(exp instanceof Number expiry)) {
      return Optional.of(NO_EXPIRY);
    }
    if (now - skewSeconds >= expiry.longValue()) {
      return Optional.of(EXPIRED);
    }
    Object nbf = claims.getValue("nbf");
    if (nbf != null
        && (!(nbf instanceof Number notBefore) || notBefore.longValue() > now + skewSeconds)) {
      return Optional.of("token not yet valid");
    }
    Object iat = claims.getValue("iat");
    if (iat != null
        && (!(iat instanceof Number issuedAt) || issuedAt.longValue() > now + skewSeconds)) {
      return Optional.of("token issued in the future");
    }
    return Optional.empty();
  }

  private boolean hasAudience(Object aud) {
    if (aud instanceof String single) {
      return audience.equals(single);
    }
    if (aud instanceof JsonArray many) {
      return many.contains(audience);
    }
    return false;
  }
}
