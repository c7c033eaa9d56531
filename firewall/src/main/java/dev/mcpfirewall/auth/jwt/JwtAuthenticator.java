package dev.mcpfirewall.auth.jwt;

import dev.mcpfirewall.auth.Authenticator;
import dev.mcpfirewall.auth.Principal;
import dev.mcpfirewall.config.AuthConfig.JwtConfig;
import dev.mcpfirewall.config.AuthConfig.KeyScopes;
import dev.mcpfirewall.pipeline.FirewallFailure;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.VertxException;
import io.vertx.core.http.HttpClient;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.auth.JWTOptions;
import io.vertx.ext.auth.NoSuchKeyIdException;
import io.vertx.ext.auth.User;
import io.vertx.ext.auth.authentication.TokenCredentials;
import java.net.URI;
import java.nio.ByteBuffer;
import java.security.SignatureException;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Authenticates JWT bearer tokens from an identity provider with Vert.x Auth JWT.
 *
 * <p>A token is accepted when it is a signed compact JWS whose algorithm is in {@code
 * auth.jwt.algorithms} (never {@code none}, never HMAC: the firewall holds public keys only, which
 * is what defeats "HS256 signed with the RSA public key"), whose signature verifies with a key from
 * the JWKS URL or the PEM files, whose {@code iss} is the configured issuer, whose {@code aud}
 * includes the configured audience, which has an {@code exp} not passed and no {@code nbf} or
 * {@code iat} in the future (each with the configured clock skew). The principal is {@code
 * jwt:<iss>|<subject>} with the roles mapped from the roles claim, and no key scopes.
 *
 * <p>Verified tokens are remembered (by SHA-256) until they expire or for 60 s, whichever is first,
 * and never across a change of the signing keys.
 *
 * <pre>{@code
 * JwtAuthenticator jwt = new JwtAuthenticator(vertx, config.jwt().get(), vertx.createHttpClient(), Clock.systemUTC());
 * jwt.start()                                  // PEM files, then the first JWKS fetch
 *     .onSuccess(v -> credentials = new Credentials(List.of(apiKeys, jwt), attempts));
 * ...
 * jwt.close();                                 // stops the JWKS refresh
 * }</pre>
 */
public final class JwtAuthenticator implements Authenticator {
  private static final Logger log = LoggerFactory.getLogger(JwtAuthenticator.class);

  /** The largest clock skew the firewall tolerates. */
  public static final Duration MAX_CLOCK_SKEW = Duration.ofMinutes(5);

  static final String ALGORITHM_NOT_ACCEPTED = "token algorithm not accepted";
  static final String SIGNATURE_INVALID = "token signature invalid";
  static final String KEYS_UNAVAILABLE = "signing keys unavailable";
  static final String KEY_NOT_RECOGNISED = "token signing key not recognised";
  static final String NOT_ACCEPTED = "token not accepted";

  private final Vertx vertx;
  private final Set<String> accepted;
  private final String subjectClaim;
  private final ClaimChecks claims;
  private final RoleClaim roles;
  private final VerifiedTokenCache cache;
  private final SigningKeys keys;

  /**
   * @param vertx the Vert.x instance the JWKS fetches and refresh timer run on
   * @param config the {@code auth.jwt} section
   * @param jwksClient the client the JWKS is fetched with (configured for the provider's TLS)
   * @param clock the time tokens are checked against
   * @throws IllegalArgumentException when the configuration cannot be used: an algorithm that is
   *     refused or unknown, no key source, a missing issuer or audience, a clock skew beyond {@link
   *     #MAX_CLOCK_SKEW}
   */
  public JwtAuthenticator(Vertx vertx, JwtConfig config, HttpClient jwksClient, Clock clock) {
    this(vertx, config, jwksClient, clock, VerifiedTokenCache.DEFAULT_MAX_ENTRIES);
  }

  JwtAuthenticator(
      Vertx vertx, JwtConfig config, HttpClient jwksClient, Clock clock, int cacheEntries) {
    this.vertx = vertx;
    this.accepted = SignatureAlgorithms.accepted(config.algorithms());
    check(config);
    this.subjectClaim = config.subjectClaim();
    this.claims = new ClaimChecks(config.issuer(), config.audience(), config.clockSkew(), clock);
    this.roles = new RoleClaim(config.rolesClaim(), config.roleMapping());
    this.cache = new VerifiedTokenCache(cacheEntries, clock);
    JWTOptions options =
        new JWTOptions()
            .setIssuer(config.issuer())
            .setAudience(List.of(config.audience()))
            .setLeeway((int) config.clockSkew().toSeconds())
            .setIgnoreExpiration(false);
    this.keys =
        new SigningKeys(
            vertx,
            jwksClient,
            config.jwksUrl(),
            config.publicKeyFiles(),
            accepted,
            options,
            config.jwksRefresh(),
            clock,
            cache::clear);
  }

  /**
   * Reads the PEM key files and makes the first JWKS fetch. Fails when a PEM file cannot be read or
   * holds no usable key; succeeds even when the JWKS cannot be fetched (tokens are then refused
   * with "signing keys unavailable" until a retry succeeds), so an identity provider outage does
   * not keep the firewall down.
   */
  public Future<Void> start() {
    return keys.start();
  }

  /** Stops refreshing the JWKS. */
  public void close() {
    keys.close();
  }

  /** How many verified tokens are remembered now. */
  int cachedTokens() {
    return cache.size();
  }

  /** Three base64url segments separated by dots; no decoding, no verification. */
  @Override
  public boolean accepts(String token) {
    return UnverifiedToken.hasShape(token);
  }

  @Override
  public Future<Principal> authenticate(String token, String sourceAddress) {
    if (token == null || token.length() > UnverifiedToken.MAX_LENGTH) {
      return reject(token == null ? "token malformed" : "token too large");
    }
    ByteBuffer cacheKey = VerifiedTokenCache.key(token);
    SigningKeys.KeySet keySet = keys.current();
    Principal cached = keySet == null ? null : cache.get(cacheKey, keySet);
    if (cached != null) {
      return Future.succeededFuture(cached);
    }
    UnverifiedToken parsed;
    try {
      parsed = UnverifiedToken.parse(token);
    } catch (FirewallFailure f) {
      return Future.failedFuture(f);
    }
    if (!accepted.contains(parsed.algorithm())) {
      return reject(ALGORITHM_NOT_ACCEPTED);
    }
    if (parsed.header().containsKey("crit")) {
      return reject("token uses critical header parameters the firewall does not support");
    }
    Optional<String> typeProblem = ClaimChecks.typeProblem(parsed.payload());
    if (typeProblem.isPresent()) {
      return reject(typeProblem.get());
    }
    if (keySet == null) {
      return onCallersContext(keys.fetchEarly())
          .compose(
              fresh ->
                  fresh == null
                      ? reject(KEYS_UNAVAILABLE)
                      : verify(token, cacheKey, parsed, fresh, true));
    }
    return verify(token, cacheKey, parsed, keySet, false);
  }

  private Future<Principal> verify(
      String token,
      ByteBuffer cacheKey,
      UnverifiedToken parsed,
      SigningKeys.KeySet keySet,
      boolean refetched) {
    Future<User> verified;
    try {
      verified = keySet.verifier().authenticate(new TokenCredentials(token));
    } catch (RuntimeException e) {
      verified = Future.failedFuture(e);
    }
    return verified.transform(
        result -> {
          if (result.succeeded()) {
            return accept(cacheKey, parsed.payload(), keySet);
          }
          Throwable cause = result.cause();
          if (!refetched && keys.usesJwks() && keyUnknown(cause, parsed, keySet)) {
            return onCallersContext(keys.fetchEarly())
                .compose(
                    fresh ->
                        fresh == null || fresh == keySet
                            ? Future.failedFuture(rejection(cause, parsed, keySet))
                            : verify(token, cacheKey, parsed, fresh, true));
          }
          return Future.failedFuture(rejection(cause, parsed, keySet));
        });
  }

  private static boolean keyUnknown(
      Throwable cause, UnverifiedToken parsed, SigningKeys.KeySet keySet) {
    if (cause instanceof NoSuchKeyIdException) {
      return true;
    }
    return cause instanceof SignatureException
        && parsed.keyId().isPresent()
        && !keySet.jwksKeyIds().contains(parsed.keyId().get());
  }

  private FirewallFailure rejection(
      Throwable cause, UnverifiedToken parsed, SigningKeys.KeySet keySet) {
    String message;
    if (cause instanceof NoSuchKeyIdException) {
      message = keys.usesJwks() && !keySet.jwksLoaded() ? KEYS_UNAVAILABLE : KEY_NOT_RECOGNISED;
    } else if (cause instanceof SignatureException) {
      message = SIGNATURE_INVALID;
    } else if (cause instanceof VertxException) {
      // Vert.x refused verified claims (issuer, audience, times): say which rule failed.
      message = claims.problem(parsed.payload()).orElse(NOT_ACCEPTED);
    } else {
      log.debug("JWT verification failed", cause);
      message = SIGNATURE_INVALID;
    }
    return UnverifiedToken.rejected(message);
  }

  private Future<Principal> accept(
      ByteBuffer cacheKey, JsonObject payload, SigningKeys.KeySet keySet) {
    Optional<String> problem = claims.problem(payload);
    if (problem.isPresent()) {
      return reject(problem.get());
    }
    Optional<String> subject =
        RoleClaim.lookup(payload, subjectClaim)
            .filter(value -> value instanceof String || value instanceof Number)
            .map(Object::toString)
            .filter(value -> !value.isBlank());
    if (subject.isEmpty()) {
      return reject("token has no subject");
    }
    Principal principal =
        new Principal(
            "jwt:" + payload.getString("iss") + "|" + subject.get(),
            Principal.Kind.JWT,
            Optional.empty(),
            roles.roles(payload),
            KeyScopes.unrestricted());
    cache.put(cacheKey, principal, ((Number) payload.getValue("exp")).longValue(), keySet);
    return Future.succeededFuture(principal);
  }

  /**
   * A key fetch shared between requests completes on the context that started it; continue each
   * request on its own context.
   */
  private <T> Future<T> onCallersContext(Future<T> shared) {
    Context context = vertx.getOrCreateContext();
    Promise<T> promise = Promise.promise();
    shared.onComplete(result -> context.runOnContext(v -> promise.handle(result)));
    return promise.future();
  }

  private static <T> Future<T> reject(String message) {
    return Future.failedFuture(UnverifiedToken.rejected(message));
  }

  private static void check(JwtConfig config) {
    if (config.issuer() == null || config.issuer().isBlank()) {
      throw new IllegalArgumentException("auth.jwt.issuer is required");
    }
    if (config.audience() == null || config.audience().isBlank()) {
      throw new IllegalArgumentException("auth.jwt.audience is required");
    }
    if (config.clockSkew().isNegative() || config.clockSkew().compareTo(MAX_CLOCK_SKEW) > 0) {
      throw new IllegalArgumentException(
          "auth.jwt.clockSkew must be between 0 and " + MAX_CLOCK_SKEW.toMinutes() + " minutes");
    }
    if (config.jwksUrl().isEmpty() && config.publicKeyFiles().isEmpty()) {
      throw new IllegalArgumentException(
          "auth.jwt needs a jwksUrl or publicKeyFiles to verify tokens with");
    }
    if (config.jwksRefresh().compareTo(Duration.ofSeconds(1)) < 0) {
      throw new IllegalArgumentException("auth.jwt.jwksRefresh must be at least 1 second");
    }
    if (config.rolesClaim() == null || config.rolesClaim().isBlank()) {
      throw new IllegalArgumentException("auth.jwt.rolesClaim must name a claim");
    }
    if (config.subjectClaim() == null || config.subjectClaim().isBlank()) {
      throw new IllegalArgumentException("auth.jwt.subjectClaim must name a claim");
    }
    Optional<URI> url = config.jwksUrl();
    if (url.isPresent()) {
      String scheme = url.get().getScheme();
      if (!"https".equalsIgnoreCase(scheme) && !"http".equalsIgnoreCase(scheme)) {
        throw new IllegalArgumentException("auth.jwt.jwksUrl must be an http or https URL");
      }
      if ("http".equalsIgnoreCase(scheme) && !isLoopback(url.get().getHost())) {
        log.warn(
            "auth.jwt.jwksUrl {} is plain HTTP: anyone on the path can substitute signing keys;"
                + " use https",
            url.get());
      }
    }
  }

  private static boolean isLoopback(String host) {
    return "localhost".equalsIgnoreCase(host) || "127.0.0.1".equals(host) || "[::1]".equals(host);
  }
}
