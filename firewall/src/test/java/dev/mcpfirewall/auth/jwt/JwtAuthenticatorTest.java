package dev.mcpfirewall.auth.jwt;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.mcpfirewall.auth.Principal;
import dev.mcpfirewall.config.AuthConfig.JwtConfig;
import dev.mcpfirewall.config.AuthConfig.KeyScopes;
import dev.mcpfirewall.pipeline.FailureKind;
import dev.mcpfirewall.pipeline.FirewallFailure;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpClient;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.Timeout;
import io.vertx.junit5.VertxExtension;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * JWT bearer authentication against an identity provider played by the test: key pairs made here,
 * tokens signed here by hand, a JWKS served from a Vert.x server on 127.0.0.1.
 */
@ExtendWith(VertxExtension.class)
@Timeout(value = 60, timeUnit = TimeUnit.SECONDS)
class JwtAuthenticatorTest {
  static final String ISSUER = "https://idp.example.com/realms/test";
  static final String AUDIENCE = "mcp-firewall";
  static final Duration SKEW = Duration.ofSeconds(30);
  static final Map<String, String> ROLE_MAPPING =
      Map.of("mcp-readers", "reader", "mcp-operators", "operator", "mcp-admins", "admin");

  static TestKeys rsa;
  static TestKeys ec;

  @BeforeAll
  static void makeKeys() {
    rsa = TestKeys.rsa("rsa-1");
    ec = TestKeys.ec("ec-1");
  }

  private final List<JwtAuthenticator> started = new ArrayList<>();
  private final List<JwksServer> servers = new ArrayList<>();
  private HttpClient client;

  @BeforeEach
  void createClient(Vertx vertx) {
    client = vertx.createHttpClient();
  }

  @AfterEach
  void tearDown() throws Exception {
    started.forEach(JwtAuthenticator::close);
    for (JwksServer server : servers) {
      server.close();
    }
    client.close().await(5, TimeUnit.SECONDS);
  }

  // ---------------------------------------------------------------- helpers

  static JwtConfig config(Optional<URI> jwks, List<Path> pem, Duration refresh) {
    return new JwtConfig(
        ISSUER,
        AUDIENCE,
        SKEW,
        jwks,
        refresh,
        pem,
        JwtConfig.DEFAULT_ALGORITHMS,
        "realm_access.roles",
        ROLE_MAPPING,
        "sub");
  }

  static JwtConfig jwksConfig(JwksServer jwks, Duration refresh) {
    return config(Optional.of(jwks.url()), List.of(), refresh);
  }

  static JsonObject claims() {
    long now = Instant.now().getEpochSecond();
    return new JsonObject()
        .put("iss", ISSUER)
        .put("aud", AUDIENCE)
        .put("sub", "alice")
        .put("iat", now)
        .put("exp", now + 300)
        .put(
            "realm_access",
            new JsonObject()
                .put("roles", new JsonArray().add("mcp-readers").add("offline_access")));
  }

  JwksServer jwksServer(Vertx vertx, TestKeys... keys) throws Exception {
    JwksServer server = JwksServer.start(vertx);
    servers.add(server);
    server.publish(keys);
    return server;
  }

  JwtAuthenticator started(Vertx vertx, JwtConfig config) throws Exception {
    JwtAuthenticator authenticator = create(vertx, config);
    result(authenticator.start());
    return authenticator;
  }

  JwtAuthenticator create(Vertx vertx, JwtConfig config) {
    JwtAuthenticator authenticator = new JwtAuthenticator(vertx, config, client, Clock.systemUTC());
    started.add(authenticator);
    return authenticator;
  }

  static <T> T result(Future<T> future) throws Exception {
    try {
      return future.toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    } catch (ExecutionException e) {
      throw (Exception) e.getCause();
    }
  }

  static Principal accepted(JwtAuthenticator authenticator, String token) throws Exception {
    return result(authenticator.authenticate(token, "127.0.0.1"));
  }

  /** The failure's message, after checking that it is an UNAUTHENTICATED that echoes no token. */
  static String rejection(JwtAuthenticator authenticator, String token) throws Exception {
    Throwable failure;
    try {
      Principal principal = result(authenticator.authenticate(token, "127.0.0.1"));
      throw new AssertionError("token accepted as " + principal);
    } catch (FirewallFailure f) {
      failure = f;
    }
    FirewallFailure firewallFailure = (FirewallFailure) failure;
    assertThat(firewallFailure.kind()).isEqualTo(FailureKind.UNAUTHENTICATED);
    for (String segment : token.split("\\.")) {
      if (segment.length() > 8) {
        assertThat(firewallFailure.getMessage()).doesNotContain(segment);
      }
    }
    return firewallFailure.getMessage();
  }

  // ---------------------------------------------------------------- valid tokens

  @Test
  void rs256TokenFromJwksGivesPrincipalWithMappedRoles(Vertx vertx) throws Exception {
    JwtAuthenticator jwt =
        started(vertx, jwksConfig(jwksServer(vertx, rsa, ec), Duration.ofMinutes(10)));

    Principal principal = accepted(jwt, Tokens.signed(rsa, claims()));

    assertThat(principal.id()).isEqualTo("jwt:" + ISSUER + "|alice");
    assertThat(principal.kind()).isEqualTo(Principal.Kind.JWT);
    assertThat(principal.keyId()).isEmpty();
    assertThat(principal.roles()).containsExactly("reader");
    assertThat(principal.scopes()).isEqualTo(KeyScopes.unrestricted());
  }

  @Test
  void es256TokenFromJwksIsAccepted(Vertx vertx) throws Exception {
    JwtAuthenticator jwt =
        started(vertx, jwksConfig(jwksServer(vertx, rsa, ec), Duration.ofMinutes(10)));
    JsonObject claims = claims().put("sub", "bob");
    claims
        .getJsonObject("realm_access")
        .put("roles", new JsonArray().add("mcp-admins").add("mcp-readers"));

    Principal principal = accepted(jwt, Tokens.signed(ec, claims));

    assertThat(principal.id()).isEqualTo("jwt:" + ISSUER + "|bob");
    assertThat(principal.roles()).containsExactlyInAnyOrder("admin", "reader");
  }

  @Test
  void ps256AndEdDsaTokensAreAccepted(Vertx vertx) throws Exception {
    TestKeys pss = TestKeys.rsa("pss-1", "PS256");
    TestKeys ed = TestKeys.ed25519("ed-1");
    JwtAuthenticator jwt =
        started(vertx, jwksConfig(jwksServer(vertx, pss, ed), Duration.ofMinutes(10)));

    assertThat(accepted(jwt, Tokens.signed(pss, claims())).roles()).containsExactly("reader");
    assertThat(accepted(jwt, Tokens.signed(ed, claims())).roles()).containsExactly("reader");
  }

  @Test
  void algorithmOutsideTheConfiguredListIsRefused(Vertx vertx) throws Exception {
    TestKeys rs384 = TestKeys.rsa("rsa-384", "RS384");
    JwtAuthenticator jwt =
        started(vertx, jwksConfig(jwksServer(vertx, rs384), Duration.ofMinutes(10)));

    assertThat(rejection(jwt, Tokens.signed(rs384, claims())))
        .isEqualTo("token algorithm not accepted");
  }

  @Test
  void verifiedTokensAreRememberedButRejectedOnesAreNot(Vertx vertx) throws Exception {
    JwtAuthenticator jwt =
        started(vertx, jwksConfig(jwksServer(vertx, rsa), Duration.ofMinutes(10)));
    String token = Tokens.signed(rsa, claims());

    Principal first = accepted(jwt, token);
    Principal second = accepted(jwt, token);
    rejection(jwt, Tokens.signed(rsa, claims().put("aud", "other")));

    assertThat(second).isSameAs(first);
    assertThat(jwt.cachedTokens()).isEqualTo(1);
  }

  @Test
  void absurdExpiryIsNotAnError(Vertx vertx) throws Exception {
    JwtAuthenticator jwt =
        started(vertx, jwksConfig(jwksServer(vertx, rsa), Duration.ofMinutes(10)));

    assertThat(accepted(jwt, Tokens.signed(rsa, claims().put("exp", Long.MAX_VALUE)))).isNotNull();
    assertThat(rejection(jwt, Tokens.signed(rsa, claims().put("exp", "tomorrow"))))
        .isEqualTo("token has no expiry");
  }

  // ---------------------------------------------------------------- time

  @Test
  void expiredBeyondSkewIsRejectedWithinSkewAccepted(Vertx vertx) throws Exception {
    JwtAuthenticator jwt =
        started(vertx, jwksConfig(jwksServer(vertx, rsa), Duration.ofMinutes(10)));
    long now = Instant.now().getEpochSecond();

    assertThat(
            rejection(jwt, Tokens.signed(rsa, claims().put("iat", now - 600).put("exp", now - 60))))
        .isEqualTo("token expired");
    assertThat(
            accepted(jwt, Tokens.signed(rsa, claims().put("iat", now - 600).put("exp", now - 10)))
                .id())
        .isEqualTo("jwt:" + ISSUER + "|alice");
  }

  @Test
  void tokenWithoutExpiryIsRejected(Vertx vertx) throws Exception {
    JwtAuthenticator jwt =
        started(vertx, jwksConfig(jwksServer(vertx, rsa), Duration.ofMinutes(10)));
    JsonObject claims = claims();
    claims.remove("exp");

    assertThat(rejection(jwt, Tokens.signed(rsa, claims))).isEqualTo("token has no expiry");
  }

  @Test
  void notBeforeOrIssuedAtInTheFutureIsRejected(Vertx vertx) throws Exception {
    JwtAuthenticator jwt =
        started(vertx, jwksConfig(jwksServer(vertx, rsa), Duration.ofMinutes(10)));
    long now = Instant.now().getEpochSecond();

    assertThat(rejection(jwt, Tokens.signed(rsa, claims().put("nbf", now + 120))))
        .isEqualTo("token not yet valid");
    assertThat(rejection(jwt, Tokens.signed(rsa, claims().put("iat", now + 120))))
        .isEqualTo("token issued in the future");
    assertThat(
            accepted(jwt, Tokens.signed(rsa, claims().put("nbf", now + 10).put("iat", now + 10))))
        .isNotNull();
  }

  // ---------------------------------------------------------------- issuer and audience

  @Test
  void tokenForAnotherAudienceIsRejected(Vertx vertx) throws Exception {
    JwtAuthenticator jwt =
        started(vertx, jwksConfig(jwksServer(vertx, rsa), Duration.ofMinutes(10)));

    assertThat(rejection(jwt, Tokens.signed(rsa, claims().put("aud", "billing-api"))))
        .isEqualTo("token audience not accepted");
    assertThat(
            rejection(
                jwt, Tokens.signed(rsa, claims().put("aud", new JsonArray().add("a").add("b")))))
        .isEqualTo("token audience not accepted");
    JsonObject noAudience = claims();
    noAudience.remove("aud");
    assertThat(rejection(jwt, Tokens.signed(rsa, noAudience)))
        .isEqualTo("token audience not accepted");
    assertThat(
            accepted(
                jwt,
                Tokens.signed(
                    rsa, claims().put("aud", new JsonArray().add("billing-api").add(AUDIENCE)))))
        .isNotNull();
  }

  @Test
  void tokenFromAnotherIssuerIsRejected(Vertx vertx) throws Exception {
    JwtAuthenticator jwt =
        started(vertx, jwksConfig(jwksServer(vertx, rsa), Duration.ofMinutes(10)));

    assertThat(rejection(jwt, Tokens.signed(rsa, claims().put("iss", "https://evil.example.com"))))
        .isEqualTo("token issuer not accepted");
  }

  // ---------------------------------------------------------------- forgeries

  @Test
  void unsignedAlgNoneTokensAreRejected(Vertx vertx) throws Exception {
    JwtAuthenticator jwt =
        started(vertx, jwksConfig(jwksServer(vertx, rsa), Duration.ofMinutes(10)));
    String claims =
        Tokens.segment(
            claims()
                .put(
                    "realm_access",
                    new JsonObject().put("roles", new JsonArray().add("mcp-admins"))));

    for (String alg : List.of("none", "None", "NONE")) {
      String header = Tokens.segment(new JsonObject().put("alg", alg).put("typ", "JWT"));
      String unsigned = header + "." + claims + ".";
      assertThat(jwt.accepts(unsigned)).isTrue();
      assertThat(rejection(jwt, unsigned)).isEqualTo("token algorithm not accepted");
      String withJunkSignature = header + "." + claims + ".c2lnbmF0dXJl";
      assertThat(rejection(jwt, withJunkSignature)).isEqualTo("token algorithm not accepted");
    }
  }

  @Test
  void hs256SignedWithTheRsaPublicKeyIsRejected(Vertx vertx) throws Exception {
    JwtAuthenticator jwt =
        started(vertx, jwksConfig(jwksServer(vertx, rsa), Duration.ofMinutes(10)));
    JsonObject header =
        new JsonObject().put("alg", "HS256").put("typ", "JWT").put("kid", rsa.kid());
    JsonObject admin =
        claims()
            .put("realm_access", new JsonObject().put("roles", new JsonArray().add("mcp-admins")));

    List<byte[]> publicKeyForms =
        List.of(
            rsa.pair().getPublic().getEncoded(),
            rsa.pem().getBytes(StandardCharsets.US_ASCII),
            rsa.jwk().encode().getBytes(StandardCharsets.UTF_8));
    for (byte[] secret : publicKeyForms) {
      assertThat(rejection(jwt, Tokens.hmac(header, admin, secret)))
          .isEqualTo("token algorithm not accepted");
    }
  }

  @Test
  void hmacOrNoneInTheConfigurationIsRefusedAtConstruction(Vertx vertx) {
    for (String alg : List.of("HS256", "HS384", "HS512", "none")) {
      JwtConfig base =
          config(
              Optional.of(URI.create("https://idp.example.com/jwks")),
              List.of(),
              Duration.ofMinutes(10));
      JwtConfig config =
          new JwtConfig(
              base.issuer(),
              base.audience(),
              base.clockSkew(),
              base.jwksUrl(),
              base.jwksRefresh(),
              base.publicKeyFiles(),
              List.of("RS256", alg),
              base.rolesClaim(),
              base.roleMapping(),
              base.subjectClaim());
      assertThatThrownBy(() -> new JwtAuthenticator(vertx, config, client, Clock.systemUTC()))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining(alg)
          .hasMessageContaining("never accepted");
    }
  }

  @Test
  void symmetricKeysPublishedInTheJwksAreNeverUsed(Vertx vertx) throws Exception {
    byte[] secret = "a shared secret of thirty-two by".getBytes(StandardCharsets.US_ASCII);
    JwksServer jwks = jwksServer(vertx);
    jwks.publish(
        new JsonObject()
            .put(
                "keys",
                new JsonArray()
                    .add(rsa.jwk())
                    .add(
                        new JsonObject()
                            .put("kty", "oct")
                            .put("kid", "hmac-1")
                            .put("alg", "HS256")
                            .put("k", TestKeys.b64(secret)))));
    JwtAuthenticator jwt = started(vertx, jwksConfig(jwks, Duration.ofMinutes(10)));
    JsonObject header = new JsonObject().put("alg", "HS256").put("kid", "hmac-1");

    assertThat(rejection(jwt, Tokens.hmac(header, claims(), secret)))
        .isEqualTo("token algorithm not accepted");
    assertThat(accepted(jwt, Tokens.signed(rsa, claims()))).isNotNull();
  }

  @Test
  void tamperedPayloadIsRejected(Vertx vertx) throws Exception {
    JwtAuthenticator jwt =
        started(vertx, jwksConfig(jwksServer(vertx, rsa, ec), Duration.ofMinutes(10)));
    JsonObject admin =
        claims()
            .put("realm_access", new JsonObject().put("roles", new JsonArray().add("mcp-admins")));

    for (TestKeys key : List.of(rsa, ec)) {
      String[] genuine = Tokens.signed(key, claims()).split("\\.");
      String tampered = genuine[0] + "." + Tokens.segment(admin) + "." + genuine[2];
      assertThat(rejection(jwt, tampered)).isEqualTo("token signature invalid");
    }
  }

  @Test
  void tokenSignedByAnotherKeyUnderAKnownKidIsRejected(Vertx vertx) throws Exception {
    JwtAuthenticator jwt =
        started(vertx, jwksConfig(jwksServer(vertx, rsa), Duration.ofMinutes(10)));
    TestKeys impostor = new TestKeys(rsa.kid(), "RS256", TestKeys.rsa("x").pair());

    assertThat(rejection(jwt, Tokens.signed(impostor, claims())))
        .isEqualTo("token signature invalid");
  }

  @Test
  void criticalHeaderParametersAreRefused(Vertx vertx) throws Exception {
    JwtAuthenticator jwt =
        started(vertx, jwksConfig(jwksServer(vertx, rsa), Duration.ofMinutes(10)));
    JsonObject header =
        new JsonObject()
            .put("alg", "RS256")
            .put("kid", rsa.kid())
            .put("crit", new JsonArray().add("exp"));

    assertThat(rejection(jwt, Tokens.signed(header, claims(), "RS256", rsa.pair().getPrivate())))
        .contains("critical header");
  }

  @Test
  void malformedTokensAreRejectedWithoutEchoingThem(Vertx vertx) throws Exception {
    JwtAuthenticator jwt =
        started(vertx, jwksConfig(jwksServer(vertx, rsa), Duration.ofMinutes(10)));

    assertThat(rejection(jwt, "eyJub3QganNvbg.eyJzdWIiOiJhIn0.c2ln")).isEqualTo("token malformed");
    assertThat(
            rejection(
                jwt,
                Tokens.segment(new JsonObject().put("typ", "JWT"))
                    + "."
                    + Tokens.segment(claims())
                    + ".c2ln"))
        .isEqualTo("token malformed");
    assertThat(rejection(jwt, "a".repeat(20_000) + ".b.c")).isEqualTo("token too large");
  }

  // ---------------------------------------------------------------- shape

  @Test
  void acceptsOnlyTheShapeOfACompactJws(Vertx vertx) {
    JwtAuthenticator jwt =
        create(
            vertx,
            config(
                Optional.of(URI.create("https://idp.example.com/jwks")),
                List.of(),
                Duration.ofMinutes(10)));

    assertThat(jwt.accepts(Tokens.signed(rsa, claims()))).isTrue();
    assertThat(jwt.accepts("eyJhbGciOiJub25lIn0.eyJzdWIiOiJhIn0.")).isTrue();
    // API keys are mcpfw_<id>_<43 base64url characters>: never three dot-separated segments.
    assertThat(jwt.accepts("mcpfw_ci_" + "Q2hhbmdlTWVQbGVhc2VJbVNlY3JldF9fX19fX19fX18")).isFalse();
    assertThat(jwt.accepts("mcpfw_k7d2x9q4m3ab_" + "a".repeat(43))).isFalse();
    assertThat(jwt.accepts("ci.Q2hhbmdlTWVQbGVhc2VJbVNlY3JldA")).isFalse();
    assertThat(jwt.accepts("a.b.c.d")).isFalse();
    assertThat(jwt.accepts("a..c")).isFalse();
    assertThat(jwt.accepts(".b.c")).isFalse();
    assertThat(jwt.accepts("a.b=.c")).isFalse();
    assertThat(jwt.accepts("a.b c.d")).isFalse();
    assertThat(jwt.accepts("")).isFalse();
  }

  // ---------------------------------------------------------------- roles and subject

  @Nested
  class Roles {
    Principal principalFor(Vertx vertx, String rolesClaim, JsonObject claims) throws Exception {
      JwksServer jwks = jwksServer(vertx, rsa);
      JwtConfig base = jwksConfig(jwks, Duration.ofMinutes(10));
      JwtConfig config =
          new JwtConfig(
              base.issuer(),
              base.audience(),
              base.clockSkew(),
              base.jwksUrl(),
              base.jwksRefresh(),
              base.publicKeyFiles(),
              base.algorithms(),
              rolesClaim,
              base.roleMapping(),
              base.subjectClaim());
      return accepted(started(vertx, config), Tokens.signed(rsa, claims));
    }

    @Test
    void fromAnArrayAtANestedPath(Vertx vertx) throws Exception {
      JsonObject claims = claims();
      claims
          .getJsonObject("realm_access")
          .put(
              "roles",
              new JsonArray()
                  .add("mcp-operators")
                  .add("mcp-readers")
                  .add("uma_authorization")
                  .add(42));

      assertThat(principalFor(vertx, "realm_access.roles", claims).roles())
          .containsExactlyInAnyOrder("operator", "reader");
    }

    @Test
    void fromASingleString(Vertx vertx) throws Exception {
      assertThat(principalFor(vertx, "role", claims().put("role", "mcp-admins")).roles())
          .containsExactly("admin");
    }

    @Test
    void fromAClaimWhoseNameHasDots(Vertx vertx) throws Exception {
      JsonObject claims =
          claims().put("https://example.com/groups", new JsonArray().add("mcp-operators"));

      assertThat(principalFor(vertx, "https://example.com/groups", claims).roles())
          .containsExactly("operator");
    }

    @Test
    void fromADeeplyNestedPath(Vertx vertx) throws Exception {
      JsonObject claims =
          claims()
              .put(
                  "resource_access",
                  new JsonObject()
                      .put(
                          "mcp-firewall",
                          new JsonObject().put("roles", new JsonArray().add("mcp-admins"))));

      assertThat(principalFor(vertx, "resource_access.mcp-firewall.roles", claims).roles())
          .containsExactly("admin");
    }

    @Test
    void noneWhenTheClaimIsMissingOrUnmapped(Vertx vertx) throws Exception {
      assertThat(principalFor(vertx, "groups", claims()).roles()).isEmpty();
      assertThat(principalFor(vertx, "role", claims().put("role", "superuser")).roles()).isEmpty();
      assertThat(principalFor(vertx, "realm_access.roles.deeper", claims()).roles()).isEmpty();
    }
  }

  @Test
  void subjectClaimIsConfigurable(Vertx vertx) throws Exception {
    JwksServer jwks = jwksServer(vertx, rsa);
    JwtConfig base = jwksConfig(jwks, Duration.ofMinutes(10));
    JwtConfig byEmail =
        new JwtConfig(
            base.issuer(),
            base.audience(),
            base.clockSkew(),
            base.jwksUrl(),
            base.jwksRefresh(),
            base.publicKeyFiles(),
            base.algorithms(),
            base.rolesClaim(),
            base.roleMapping(),
            "email");
    JwtAuthenticator jwt = started(vertx, byEmail);

    assertThat(accepted(jwt, Tokens.signed(rsa, claims().put("email", "alice@example.com"))).id())
        .isEqualTo("jwt:" + ISSUER + "|alice@example.com");
    assertThat(rejection(jwt, Tokens.signed(rsa, claims()))).isEqualTo("token has no subject");
  }

  // ---------------------------------------------------------------- key rotation

  @Test
  void unknownKidFetchesTheJwksAgainAndAcceptsTheRotatedInKey(Vertx vertx) throws Exception {
    JwksServer jwks = jwksServer(vertx, rsa);
    JwtAuthenticator jwt = started(vertx, jwksConfig(jwks, Duration.ofMinutes(10)));
    assertThat(jwks.hits()).isEqualTo(1);
    TestKeys rotatedIn = TestKeys.rsa("rsa-2");

    jwks.publish(rsa, rotatedIn);
    Principal principal = accepted(jwt, Tokens.signed(rotatedIn, claims()));

    assertThat(principal.roles()).containsExactly("reader");
    assertThat(jwks.hits()).isEqualTo(2);
    assertThat(accepted(jwt, Tokens.signed(rsa, claims()))).isNotNull();
  }

  @Test
  void requestWaitingForAKeyFetchContinuesOnItsOwnContext(Vertx vertx) throws Exception {
    JwksServer jwks = jwksServer(vertx, rsa);
    JwtAuthenticator jwt = started(vertx, jwksConfig(jwks, Duration.ofMinutes(10)));
    TestKeys rotatedIn = TestKeys.rsa("rsa-2");
    jwks.publish(rsa, rotatedIn);
    String token = Tokens.signed(rotatedIn, claims());
    Context caller = vertx.getOrCreateContext();
    CompletableFuture<Boolean> sameContext = new CompletableFuture<>();

    caller.runOnContext(
        v ->
            jwt.authenticate(token, "127.0.0.1")
                .onComplete(
                    result ->
                        sameContext.complete(
                            result.succeeded() && Vertx.currentContext() == caller)));

    assertThat(sameContext.get(10, TimeUnit.SECONDS)).isTrue();
    assertThat(jwks.hits()).isEqualTo(2);
  }

  @Test
  void earlyFetchesForUnknownKidsAreRateLimited(Vertx vertx) throws Exception {
    JwksServer jwks = jwksServer(vertx, rsa);
    JwtAuthenticator jwt = started(vertx, jwksConfig(jwks, Duration.ofMinutes(10)));

    for (int i = 0; i < 20; i++) {
      TestKeys stranger = TestKeys.ec("unknown-" + i);
      assertThat(rejection(jwt, Tokens.signed(stranger, claims())))
          .isEqualTo("token signing key not recognised");
    }

    assertThat(jwks.hits()).isEqualTo(2);
  }

  @Test
  void removedKidIsRejectedOnceTheKeysAreFetchedAgain(Vertx vertx) throws Exception {
    JwksServer jwks = jwksServer(vertx, rsa);
    JwtAuthenticator jwt = started(vertx, jwksConfig(jwks, Duration.ofMinutes(10)));
    String oldKeyToken = Tokens.signed(rsa, claims());
    assertThat(accepted(jwt, oldKeyToken)).isNotNull();
    TestKeys successor = TestKeys.rsa("rsa-2");

    jwks.publish(successor);
    assertThat(accepted(jwt, Tokens.signed(successor, claims()))).isNotNull();

    assertThat(rejection(jwt, oldKeyToken)).isEqualTo("token signing key not recognised");
  }

  @Test
  void periodicRefreshPicksUpRotation(Vertx vertx) throws Exception {
    JwksServer jwks = jwksServer(vertx, rsa);
    JwtAuthenticator jwt = started(vertx, jwksConfig(jwks, Duration.ofSeconds(1)));
    String oldKeyToken = Tokens.signed(rsa, claims());
    assertThat(accepted(jwt, oldKeyToken)).isNotNull();

    jwks.publish(ec);

    await()
        .atMost(Duration.ofSeconds(10))
        .pollInterval(Duration.ofMillis(100))
        .until(() -> jwks.hits() >= 2);
    await()
        .atMost(Duration.ofSeconds(5))
        .untilAsserted(
            () ->
                assertThat(rejection(jwt, oldKeyToken))
                    .isEqualTo("token signing key not recognised"));
    assertThat(accepted(jwt, Tokens.signed(ec, claims()))).isNotNull();
  }

  // ---------------------------------------------------------------- JWKS availability

  @Test
  void jwksDownAtStartRejectsUntilItComesBack(Vertx vertx) throws Exception {
    JwksServer jwks = JwksServer.down(vertx);
    servers.add(jwks);
    jwks.publish(rsa);
    JwtAuthenticator jwt = create(vertx, jwksConfig(jwks, Duration.ofSeconds(2)));

    result(jwt.start());
    String token = Tokens.signed(rsa, claims());
    assertThat(rejection(jwt, token)).isEqualTo("signing keys unavailable");

    jwks.up();

    await()
        .atMost(Duration.ofSeconds(10))
        .pollInterval(Duration.ofMillis(100))
        .ignoreException(FirewallFailure.class)
        .untilAsserted(
            () -> assertThat(accepted(jwt, token).id()).isEqualTo("jwt:" + ISSUER + "|alice"));
  }

  @Test
  void jwksAnsweringAnErrorAtStartIsUnavailableNotFatal(Vertx vertx) throws Exception {
    JwksServer jwks = jwksServer(vertx, rsa);
    jwks.respondWith(503);
    JwtAuthenticator jwt = started(vertx, jwksConfig(jwks, Duration.ofMinutes(10)));

    assertThat(rejection(jwt, Tokens.signed(rsa, claims()))).isEqualTo("signing keys unavailable");
  }

  @Test
  void failedRefreshKeepsTheLastGoodKeys(Vertx vertx) throws Exception {
    JwksServer jwks = jwksServer(vertx, rsa);
    JwtAuthenticator jwt = started(vertx, jwksConfig(jwks, Duration.ofSeconds(1)));

    jwks.respondWith(500);
    await()
        .atMost(Duration.ofSeconds(10))
        .pollInterval(Duration.ofMillis(50))
        .until(() -> jwks.hits() >= 3);
    assertThat(accepted(jwt, Tokens.signed(rsa, claims().put("jti", "after-failures"))))
        .isNotNull();

    jwks.respondWith(200);
    jwks.publish(new JsonObject().put("keys", new JsonArray()));
    int hits = jwks.hits();
    await()
        .atMost(Duration.ofSeconds(10))
        .pollInterval(Duration.ofMillis(50))
        .until(() -> jwks.hits() >= hits + 2);
    assertThat(accepted(jwt, Tokens.signed(rsa, claims().put("jti", "after-empty-set"))))
        .isNotNull();
  }

  // ---------------------------------------------------------------- PEM files

  @Test
  void pemPublicKeyFilesVerifyRsaAndEcTokens(Vertx vertx, @TempDir Path dir) throws Exception {
    Path rsaPem = Files.writeString(dir.resolve("idp-rsa.pem"), rsa.pem());
    String oneLine =
        "-----BEGIN PUBLIC KEY-----"
            + Base64.getEncoder().encodeToString(ec.pair().getPublic().getEncoded())
            + "-----END PUBLIC KEY-----";
    Path ecPem = Files.writeString(dir.resolve("idp-ec.pem"), oneLine);
    JwtAuthenticator jwt =
        started(vertx, config(Optional.empty(), List.of(rsaPem, ecPem), Duration.ofMinutes(10)));

    assertThat(accepted(jwt, Tokens.signed(rsa, claims())).roles()).containsExactly("reader");
    assertThat(accepted(jwt, Tokens.signed(ec, claims()))).isNotNull();
    assertThat(accepted(jwt, Tokens.signed(new TestKeys(null, "RS256", rsa.pair()), claims())))
        .isNotNull();
    TestKeys pss = new TestKeys("pss", "PS256", rsa.pair());
    assertThat(accepted(jwt, Tokens.signed(pss, claims()))).isNotNull();
    assertThat(rejection(jwt, Tokens.signed(TestKeys.rsa("other"), claims())))
        .isEqualTo("token signature invalid");
  }

  @Test
  void pemKeysAndJwksWorkSideBySide(Vertx vertx, @TempDir Path dir) throws Exception {
    Path ecPem = Files.writeString(dir.resolve("idp-ec.pem"), ec.pem());
    JwksServer jwks = jwksServer(vertx, rsa);
    JwtAuthenticator jwt =
        started(vertx, config(Optional.of(jwks.url()), List.of(ecPem), Duration.ofMinutes(10)));

    assertThat(accepted(jwt, Tokens.signed(rsa, claims()))).isNotNull();
    assertThat(accepted(jwt, Tokens.signed(ec, claims()))).isNotNull();
  }

  @Test
  void unusablePemFilesFailTheStart(Vertx vertx, @TempDir Path dir) throws Exception {
    Path missing = dir.resolve("missing.pem");
    Path notPem = Files.writeString(dir.resolve("not.pem"), "hello");
    Path privateKey =
        Files.writeString(
            dir.resolve("private.pem"),
            "-----BEGIN PRIVATE KEY-----\n"
                + Base64.getMimeEncoder().encodeToString(rsa.pair().getPrivate().getEncoded())
                + "\n-----END PRIVATE KEY-----\n");

    for (Path file : List.of(missing, notPem, privateKey)) {
      JwtAuthenticator jwt =
          create(vertx, config(Optional.empty(), List.of(file), Duration.ofMinutes(10)));
      assertThatThrownBy(() -> result(jwt.start()))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining(file.toString());
    }
  }

  // ---------------------------------------------------------------- configuration

  @Test
  void configurationWithoutKeysOrWithExcessiveSkewIsRefused(Vertx vertx) {
    JwtConfig noKeys = config(Optional.empty(), List.of(), Duration.ofMinutes(10));
    assertThatThrownBy(() -> new JwtAuthenticator(vertx, noKeys, client, Clock.systemUTC()))
        .hasMessageContaining("jwksUrl or publicKeyFiles");

    JwtConfig base =
        config(
            Optional.of(URI.create("https://idp.example.com/jwks")),
            List.of(),
            Duration.ofMinutes(10));
    JwtConfig hourOfSkew =
        new JwtConfig(
            base.issuer(),
            base.audience(),
            Duration.ofHours(1),
            base.jwksUrl(),
            base.jwksRefresh(),
            base.publicKeyFiles(),
            base.algorithms(),
            base.rolesClaim(),
            base.roleMapping(),
            base.subjectClaim());
    assertThatThrownBy(() -> new JwtAuthenticator(vertx, hourOfSkew, client, Clock.systemUTC()))
        .hasMessageContaining("clockSkew");
  }
}
