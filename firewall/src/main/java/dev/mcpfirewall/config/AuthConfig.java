package dev.mcpfirewall.config;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Who may call the firewall: API keys and JWT bearer tokens. There is no anonymous mode.
 *
 * @param keyPepper the secret that keys the hash API keys are stored under (HMAC-SHA256); keep it
 *     in the environment ({@code ${MCP_FIREWALL_KEY_PEPPER}}). Empty means a random one is made and
 *     kept in {@code keyStore}'s directory on first start
 * @param apiKeys keys declared in the file (hashes only), for bootstrap and automation
 * @param keyStore the file where keys created at runtime are kept (hashes only)
 * @param keyPolicy age, expiry warning and rotation grace
 * @param jwt JWT bearer token validation, if agents present tokens from an identity provider
 * @param authorizationServers announced in the RFC 9728 protected-resource metadata so MCP clients
 *     know where to obtain tokens
 * @param lockout brute-force protection
 */
public record AuthConfig(
    Optional<String> keyPepper,
    List<ApiKeyConfig> apiKeys,
    Path keyStore,
    KeyPolicy keyPolicy,
    Optional<JwtConfig> jwt,
    List<URI> authorizationServers,
    Lockout lockout) {

  public AuthConfig {
    apiKeys = List.copyOf(apiKeys);
    authorizationServers = List.copyOf(authorizationServers);
  }

  /** A copy with other lockout settings. */
  public AuthConfig withLockout(Lockout replaced) {
    return new AuthConfig(
        keyPepper, apiKeys, keyStore, keyPolicy, jwt, authorizationServers, replaced);
  }

  /** The name of the key store file inside the data directory. */
  public static final String DEFAULT_KEY_STORE = "keys.json";

  /** The shortest {@code keyPepper} accepted, in characters. */
  public static final int MIN_KEY_PEPPER_LENGTH = 32;

  /** No declared keys, no JWT, a key store in {@code dataDir}, default policies. */
  public static AuthConfig defaults(Path dataDir) {
    return new AuthConfig(
        Optional.empty(),
        List.of(),
        dataDir.resolve(DEFAULT_KEY_STORE),
        KeyPolicy.defaults(),
        Optional.empty(),
        List.of(),
        Lockout.defaults());
  }

  /**
   * An API key declared in the configuration file. The secret is never in the file: {@code hash} is
   * what {@code mcp-firewall keys hash} printed.
   *
   * @param id the key's public id (the part of the key before its secret)
   * @param hash {@code hmac-sha256:<base64url>} of the secret under the pepper
   * @param owner who the key belongs to (a person, a service)
   * @param roles the roles it carries
   * @param scopes what it is narrowed to
   * @param expires when it stops working; empty means created-at plus the maximum age
   */
  public record ApiKeyConfig(
      String id,
      String hash,
      String owner,
      List<String> roles,
      KeyScopes scopes,
      Optional<Instant> expires) {
    public ApiKeyConfig {
      roles = List.copyOf(roles);
    }
  }

  /**
   * What a key is narrowed to. Scopes only narrow the owner's roles, never widen them. Each list
   * holds glob patterns ({@code *} any run of characters, {@code ?} one); empty lists mean "no
   * narrowing" for that dimension.
   *
   * @param upstreams upstream names
   * @param tools tool names
   * @param classes tool classes: {@code read-only}, {@code destructive}
   * @param sourceCidrs client addresses the key may be used from, e.g. {@code 10.0.0.0/8}
   */
  public record KeyScopes(
      List<String> upstreams, List<String> tools, List<String> classes, List<String> sourceCidrs) {
    public KeyScopes {
      upstreams = List.copyOf(upstreams);
      tools = List.copyOf(tools);
      classes = List.copyOf(classes);
      sourceCidrs = List.copyOf(sourceCidrs);
    }

    public static KeyScopes unrestricted() {
      return new KeyScopes(List.of(), List.of(), List.of(), List.of());
    }
  }

  /**
   * @param maxAge a key older than this stops working (default 90 days)
   * @param expiryWarning an alert goes out this long before a key expires (default 14 days)
   * @param rotationGrace after a rotation the old key keeps working this long (default 24 hours)
   */
  public record KeyPolicy(Duration maxAge, Duration expiryWarning, Duration rotationGrace) {
    public static final Duration DEFAULT_MAX_AGE = Duration.ofDays(90);
    public static final Duration DEFAULT_EXPIRY_WARNING = Duration.ofDays(14);
    public static final Duration DEFAULT_ROTATION_GRACE = Duration.ofHours(24);

    public static KeyPolicy defaults() {
      return new KeyPolicy(DEFAULT_MAX_AGE, DEFAULT_EXPIRY_WARNING, DEFAULT_ROTATION_GRACE);
    }
  }

  /**
   * JWT bearer tokens from an identity provider, verified with Vert.x Auth JWT.
   *
   * @param issuer the required {@code iss}
   * @param audience the required {@code aud} (one of its values)
   * @param clockSkew tolerated clock difference for {@code exp}, {@code nbf}, {@code iat}
   * @param jwksUrl where the provider publishes its signing keys, or empty
   * @param jwksRefresh how often the key set is fetched again (an unknown {@code kid} triggers an
   *     early fetch, at most once per refresh period / 10)
   * @param publicKeyFiles PEM public keys, instead of or beside a JWKS
   * @param algorithms accepted signature algorithms; {@code none} and HMAC algorithms are never
   *     accepted
   * @param rolesClaim the claim holding the caller's groups or roles (a dotted path)
   * @param roleMapping claim value to firewall role; values without a mapping are ignored
   * @param subjectClaim the claim naming the principal (default {@code sub})
   */
  public record JwtConfig(
      String issuer,
      String audience,
      Duration clockSkew,
      Optional<URI> jwksUrl,
      Duration jwksRefresh,
      List<Path> publicKeyFiles,
      List<String> algorithms,
      String rolesClaim,
      Map<String, String> roleMapping,
      String subjectClaim) {
    public static final Duration DEFAULT_CLOCK_SKEW = Duration.ofSeconds(30);
    public static final Duration DEFAULT_JWKS_REFRESH = Duration.ofMinutes(10);
    public static final List<String> DEFAULT_ALGORITHMS =
        List.of("RS256", "ES256", "PS256", "EdDSA");

    /**
     * Every algorithm {@code algorithms} may name: signatures verified with a public key. {@code
     * none} (an unsigned token) and the HMAC algorithms (a shared secret, open to algorithm
     * confusion with the public key) are never among them.
     */
    public static final List<String> SUPPORTED_ALGORITHMS =
        List.of(
            "RS256", "RS384", "RS512", "PS256", "PS384", "PS512", "ES256", "ES384", "ES512",
            "EdDSA");

    /** The largest {@code clockSkew} accepted: more would keep expired tokens working. */
    public static final Duration MAX_CLOCK_SKEW = Duration.ofMinutes(5);

    public static final String DEFAULT_ROLES_CLAIM = "roles";
    public static final String DEFAULT_SUBJECT_CLAIM = "sub";

    public JwtConfig {
      publicKeyFiles = List.copyOf(publicKeyFiles);
      algorithms = List.copyOf(algorithms);
      roleMapping = Map.copyOf(roleMapping);
    }
  }

  /**
   * Failed authentications are counted per source address and per key id; past {@code threshold}
   * within {@code window} an alert goes out and the source is locked out, first for {@code
   * initialBackoff}, doubling on each further lockout up to {@code maxBackoff}.
   */
  public record Lockout(
      int threshold, Duration window, Duration initialBackoff, Duration maxBackoff) {
    public static final int DEFAULT_THRESHOLD = 10;
    public static final Duration DEFAULT_WINDOW = Duration.ofMinutes(5);
    public static final Duration DEFAULT_INITIAL_BACKOFF = Duration.ofSeconds(30);
    public static final Duration DEFAULT_MAX_BACKOFF = Duration.ofMinutes(30);

    public static Lockout defaults() {
      return new Lockout(
          DEFAULT_THRESHOLD, DEFAULT_WINDOW, DEFAULT_INITIAL_BACKOFF, DEFAULT_MAX_BACKOFF);
    }
  }
}
