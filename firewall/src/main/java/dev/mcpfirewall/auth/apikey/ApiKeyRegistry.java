package dev.mcpfirewall.auth.apikey;

import dev.mcpfirewall.auth.apikey.KeyOperationException.Reason;
import dev.mcpfirewall.auth.apikey.KeyStore.ConfigKeySighting;
import dev.mcpfirewall.auth.apikey.KeyStore.Content;
import dev.mcpfirewall.config.AuthConfig;
import dev.mcpfirewall.config.AuthConfig.ApiKeyConfig;
import dev.mcpfirewall.config.AuthConfig.KeyPolicy;
import dev.mcpfirewall.config.AuthConfig.KeyScopes;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.WorkerExecutor;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Every API key a node accepts: the keys declared in the configuration file ({@code auth.apiKeys})
 * and the keys created at run time, which are kept in a {@link KeyStore}. Holds hashes and metadata
 * only; a key's full text exists once, in the {@link CreatedApiKey} that {@link #create} and {@link
 * #rotate} return.
 *
 * <p>Thread-safe. Verification (from any event loop) is a map lookup plus a digest for a key seen
 * before, an HMAC otherwise, and never touches the disk. Changes run one at a time on a worker
 * thread and complete their future once the key store has them: {@code create} and {@code rotate}
 * take effect only after the store is written; {@code revoke} takes effect at once (failing closed)
 * and its future reports whether it was also persisted. Last-use times are kept in memory and
 * written at most once a minute.
 *
 * <pre>{@code
 * ApiKeyRegistry.open(vertx, config.auth(), Clock.systemUTC())
 *     .onSuccess(keys -> credentials.add(new ApiKeyAuthenticator(keys, failures::count)));
 * }</pre>
 */
public final class ApiKeyRegistry {
  private static final Logger log = LoggerFactory.getLogger(ApiKeyRegistry.class);

  /** How often last-use times are written to the key store, at most. */
  public static final Duration USAGE_FLUSH_INTERVAL = Duration.ofMinutes(1);

  private final Vertx vertx;
  private final WorkerExecutor worker;
  private final KeyPolicy policy;
  private final KeyPepper pepper;
  private final KeyStore store;
  private final Clock clock;
  private final SecureRandom random;
  private final Map<String, KeyEntry> entries = new ConcurrentHashMap<>();
  private final ThreadLocal<MessageDigest> digests =
      ThreadLocal.withInitial(ApiKeyRegistry::sha256);
  private final byte[] decoy;
  private final Object changes = new Object();
  private List<ConfigKeySighting> sightings = List.of();
  private volatile boolean usageChanged;
  private volatile long flushTimer = -1;

  private ApiKeyRegistry(
      Vertx vertx,
      WorkerExecutor worker,
      KeyPolicy policy,
      KeyPepper pepper,
      KeyStore store,
      Clock clock,
      SecureRandom random) {
    this.vertx = vertx;
    this.worker = worker;
    this.policy = policy;
    this.pepper = pepper;
    this.store = store;
    this.clock = clock;
    this.random = random;
    this.decoy = new byte[32];
    random.nextBytes(decoy);
  }

  /**
   * Opens the registry of a node: the pepper from {@code auth.keyPepper} or the generated one
   * beside the key store (created on first start), runtime keys from the {@link FileKeyStore} at
   * {@code auth.keyStore}, and the keys declared in {@code auth.apiKeys}.
   *
   * <p>Fails if a declared key is unusable (bad id, hash or CIDR, duplicate id), if the key store
   * cannot be read, or if a runtime key has the id of a declared one.
   */
  public static Future<ApiKeyRegistry> open(Vertx vertx, AuthConfig auth, Clock clock) {
    SecureRandom random = new SecureRandom();
    WorkerExecutor worker = newWorker(vertx);
    return worker
        .executeBlocking(() -> KeyPepper.resolve(auth.keyPepper(), auth.keyStore(), random))
        .compose(
            pepper ->
                open(vertx, worker, auth, pepper, new FileKeyStore(auth.keyStore()), clock, random))
        .onFailure(e -> worker.close());
  }

  /**
   * Opens a registry with everything given: for tests, and for stores other than a file. {@code
   * auth.keyPepper} and {@code auth.keyStore} are not used.
   */
  public static Future<ApiKeyRegistry> open(
      Vertx vertx,
      AuthConfig auth,
      KeyPepper pepper,
      KeyStore store,
      Clock clock,
      SecureRandom random) {
    WorkerExecutor worker = newWorker(vertx);
    return open(vertx, worker, auth, pepper, store, clock, random).onFailure(e -> worker.close());
  }

  private static Future<ApiKeyRegistry> open(
      Vertx vertx,
      WorkerExecutor worker,
      AuthConfig auth,
      KeyPepper pepper,
      KeyStore store,
      Clock clock,
      SecureRandom random) {
    ApiKeyRegistry registry =
        new ApiKeyRegistry(vertx, worker, auth.keyPolicy(), pepper, store, clock, random);
    return registry
        .change(
            () -> {
              registry.load(auth.apiKeys(), auth.keyPolicy());
              return registry;
            })
        .onSuccess(
            r ->
                r.flushTimer =
                    vertx.setPeriodic(USAGE_FLUSH_INTERVAL.toMillis(), t -> r.flushUsage()));
  }

  private static WorkerExecutor newWorker(Vertx vertx) {
    // One thread: changes to the key store are serialized without locks on the request path.
    return vertx.createSharedWorkerExecutor("mcp-firewall-key-store", 1);
  }

  private void load(List<ApiKeyConfig> declared, KeyPolicy policy) throws Exception {
    Content stored = store.load();
    DeclaredKeys loaded = DeclaredKeys.load(declared, stored, policy, now());
    entries.putAll(loaded.entries());
    sightings = loaded.sightings();
    if (!sightings.equals(stored.configKeys())) {
      store.save(content());
    }
    log.info(
        "API keys: {} declared in the configuration, {} in the key store",
        declared.size(),
        stored.keys().size());
  }

  /** The policy keys are held to. */
  public KeyPolicy policy() {
    return policy;
  }

  /**
   * Creates a key with a random id.
   *
   * @param ttl how long it works; empty means the maximum age, longer than the maximum age fails
   * @return the key, shown once, and its metadata; fails with {@link KeyOperationException} for
   *     unusable arguments
   */
  public Future<CreatedApiKey> create(
      String owner, Collection<String> roles, KeyScopes scopes, Optional<Duration> ttl) {
    return create(Optional.empty(), owner, roles, scopes, ttl);
  }

  /**
   * Creates a key.
   *
   * @param id the public id to use ({@code [a-z0-9-]{2,32}}), or empty for a random one
   */
  public Future<CreatedApiKey> create(
      Optional<String> id,
      String owner,
      Collection<String> roles,
      KeyScopes scopes,
      Optional<Duration> ttl) {
    KeyRequest request;
    try {
      request = KeyRequest.checked(id, owner, List.copyOf(roles), scopes, ttl, policy);
    } catch (KeyOperationException e) {
      return Future.failedFuture(e);
    }
    return change(
        () -> {
          if (id.isPresent() && entries.containsKey(id.get())) {
            throw new KeyOperationException(
                Reason.ALREADY_EXISTS, "an API key with id '" + id.get() + "' exists");
          }
          String keyId = id.orElseGet(this::unusedId);
          return issue(
              keyId, request.owner(), request.roles(), request.scopes(), request.ttl(), Map.of());
        });
  }

  /**
   * Revokes a runtime key: it is refused from now on. Revoking a revoked key changes nothing.
   *
   * @return the key's metadata; fails with {@link KeyOperationException} if there is no such key or
   *     it is declared in the configuration file, or with the I/O error if the revocation took
   *     effect but could not be written to the key store
   */
  public Future<ApiKeyMetadata> revoke(String id) {
    return change(
        () -> {
          KeyEntry entry = changeable(id);
          if (entry.revoked) {
            return entry.metadata();
          }
          KeyEntry revoked = entry.revoked(now(), policy);
          entries.put(id, revoked);
          log.info("API key {} of {} revoked", id, entry.owner);
          store.save(content());
          return revoked.metadata();
        });
  }

  /**
   * Rotates a runtime key: issues a new key with the same owner, roles, scopes and time to live,
   * and keeps the old one working for the rotation grace period.
   *
   * @return the new key, shown once; fails with {@link KeyOperationException} if there is no such
   *     key, it is declared in the configuration file, or it is revoked or already rotated
   */
  public Future<CreatedApiKey> rotate(String id) {
    return change(
        () -> {
          KeyEntry old = changeable(id);
          if (old.revoked) {
            throw new KeyOperationException(
                Reason.NOT_ACTIVE, "API key '" + id + "' is revoked; create a new key instead");
          }
          if (old.rotatedTo.isPresent()) {
            throw new KeyOperationException(
                Reason.NOT_ACTIVE,
                "API key '" + id + "' was already rotated to '" + old.rotatedTo.get() + "'");
          }
          String newId = unusedId();
          KeyEntry retiring = old.rotated(newId, now().plus(policy.rotationGrace()), policy);
          CreatedApiKey created =
              issue(
                  newId,
                  old.owner,
                  old.roles,
                  old.scopes,
                  old.timeToLive(policy),
                  Map.of(id, retiring));
          log.info(
              "API key {} of {} rotated to {}; it works until {}",
              id,
              old.owner,
              newId,
              retiring.graceUntil.orElseThrow());
          return created;
        });
  }

  /** Every key's metadata, oldest first. Never secrets or hashes. */
  public List<ApiKeyMetadata> list() {
    return entries.values().stream()
        .map(KeyEntry::metadata)
        .sorted(Comparator.comparing(ApiKeyMetadata::created).thenComparing(ApiKeyMetadata::id))
        .toList();
  }

  /** One key's metadata. */
  public Optional<ApiKeyMetadata> get(String id) {
    return Optional.ofNullable(entries.get(id)).map(KeyEntry::metadata);
  }

  /**
   * Checks a presented key. Every refusal costs about the same (a digest and an HMAC), whether or
   * not the id exists; a key that verified before costs a digest only.
   */
  Verification verify(String id, String secret, String sourceAddress) {
    byte[] secretDigest = digests.get().digest(secret.getBytes(StandardCharsets.US_ASCII));
    KeyEntry entry = entries.get(id);
    if (entry == null) {
      pepper.matches(secret, decoy);
      return Verification.rejected(KeyRejection.UNKNOWN_KEY);
    }
    if (!entry.verifiedBefore(secretDigest)) {
      if (!pepper.matches(secret, entry.digest)) {
        return Verification.rejected(KeyRejection.WRONG_SECRET);
      }
      entry.rememberVerified(secretDigest);
    }
    if (entry.revoked) {
      return Verification.rejected(KeyRejection.REVOKED);
    }
    long now = clock.millis();
    if (now >= entry.notAfterMillis) {
      return Verification.rejected(entry.notAfterReason);
    }
    if (!entry.allowsSource(sourceAddress)) {
      return Verification.rejected(KeyRejection.SOURCE_NOT_ALLOWED);
    }
    if (entry.touch(now) && entry.source == KeySource.RUNTIME) {
      usageChanged = true; // declared keys' last use is not persisted
    }
    return entry.accepted;
  }

  /**
   * Writes last-use times to the key store if any changed since the last write. Runs every {@link
   * #USAGE_FLUSH_INTERVAL} and on {@link #close}.
   */
  public Future<Void> flushUsage() {
    if (!usageChanged) {
      return Future.succeededFuture();
    }
    usageChanged = false;
    return change(
            () -> {
              store.save(content());
              return (Void) null;
            })
        .onFailure(
            e -> {
              usageChanged = true;
              log.warn("Could not write API key last-use times: {}", e.toString());
            });
  }

  /** Stops the periodic write, writes pending last-use times, and releases the worker thread. */
  public Future<Void> close() {
    if (flushTimer >= 0) {
      vertx.cancelTimer(flushTimer);
    }
    return flushUsage().otherwiseEmpty().eventually(worker::close);
  }

  private CreatedApiKey issue(
      String id,
      String owner,
      List<String> roles,
      KeyScopes scopes,
      Duration ttl,
      Map<String, KeyEntry> alsoChanged)
      throws Exception {
    Instant created = now();
    String secret = ApiKeyFormat.randomSecret(random);
    StoredApiKey stored =
        new StoredApiKey(
            id,
            pepper.hash(secret),
            owner,
            roles,
            scopes,
            created,
            created.plus(ttl),
            Optional.empty(),
            Optional.empty(),
            Optional.empty(),
            Optional.empty());
    KeyEntry entry = KeyEntry.runtime(stored, policy);
    Map<String, KeyEntry> changed = new HashMap<>(alsoChanged);
    changed.put(id, entry);
    store.save(content(changed));
    entries.putAll(changed);
    log.info(
        "API key {} created for {} with roles {}, expires {}", id, owner, roles, entry.expires);
    return new CreatedApiKey(ApiKeyFormat.format(id, secret), entry.metadata());
  }

  private KeyEntry changeable(String id) {
    KeyEntry entry = entries.get(id);
    if (entry == null) {
      throw new KeyOperationException(Reason.NOT_FOUND, "no API key has id '" + id + "'");
    }
    if (entry.source == KeySource.CONFIG) {
      throw new KeyOperationException(
          Reason.CONFIG_KEY,
          "API key '"
              + id
              + "' is declared in the configuration file (auth.apiKeys); change or remove it"
              + " there");
    }
    return entry;
  }

  private String unusedId() {
    String id;
    do {
      id = ApiKeyFormat.randomId(random);
    } while (entries.containsKey(id));
    return id;
  }

  /** Runs a change on the worker thread, one at a time. */
  private <T> Future<T> change(Callable<T> task) {
    return worker.executeBlocking(
        () -> {
          synchronized (changes) {
            return task.call();
          }
        });
  }

  private Content content() {
    return content(Map.of());
  }

  /** What the key store should hold: the runtime keys, with {@code changed} applied. */
  private Content content(Map<String, KeyEntry> changed) {
    Map<String, KeyEntry> runtime = new HashMap<>();
    entries.values().stream()
        .filter(e -> e.source == KeySource.RUNTIME)
        .forEach(e -> runtime.put(e.id, e));
    runtime.putAll(changed);
    List<StoredApiKey> keys =
        runtime.values().stream()
            .sorted(Comparator.comparing((KeyEntry e) -> e.created).thenComparing(e -> e.id))
            .map(KeyEntry::stored)
            .toList();
    return new Content(keys, sightings);
  }

  private Instant now() {
    return clock.instant().truncatedTo(ChronoUnit.MILLIS);
  }

  private static MessageDigest sha256() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is not available in this JVM", e);
    }
  }
}
