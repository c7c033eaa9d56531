package dev.mcpfirewall.auth.jwt;

import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientResponse;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.auth.JWTOptions;
import io.vertx.ext.auth.PubSecKeyOptions;
import io.vertx.ext.auth.jwt.JWTAuth;
import io.vertx.ext.auth.jwt.JWTAuthOptions;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The public keys tokens are verified with, from PEM files (read once at start) and a JWKS URL
 * (fetched at start, then every refresh period). A token naming an unknown {@code kid} may ask for
 * an early fetch, at most one per refresh period / 10, so that a key the provider has just rotated
 * in is accepted without waiting. A failed fetch keeps the last good key set and is retried after
 * refresh period / 10. Each change of the key set builds a new Vert.x {@link JWTAuth}; a {@link
 * KeySet} is never built without keys (Vert.x would then accept unsigned tokens).
 *
 * <p>Fetches and timers run on the context current when this object is made (a fresh event-loop
 * context when made outside Vert.x).
 */
final class SigningKeys {
  private static final Logger log = LoggerFactory.getLogger(SigningKeys.class);

  static final Duration FETCH_TIMEOUT = Duration.ofSeconds(10);
  static final int MAX_DOCUMENT_BYTES = 1024 * 1024;

  /**
   * One generation of keys.
   *
   * @param verifier Vert.x Auth JWT over exactly these keys
   * @param jwksKeyIds the {@code kid}s the JWKS named
   * @param jwksLoaded whether a JWKS fetch has ever succeeded
   */
  record KeySet(JWTAuth verifier, Set<String> jwksKeyIds, boolean jwksLoaded) {}

  private final Vertx vertx;
  private final Context context;
  private final HttpClient client;
  private final Optional<URI> jwksUrl;
  private final List<Path> pemFiles;
  private final Set<String> accepted;
  private final JWTOptions jwtOptions;
  private final long refreshMillis;
  private final long earlyIntervalMillis;
  private final Clock clock;
  private final Runnable onChange;

  private volatile List<PubSecKeyOptions> pemKeys = List.of();
  private volatile List<JsonObject> jwksKeys;
  private volatile KeySet current;

  // guarded by this
  private Future<KeySet> inFlight;
  private long lastEarlyFetchMillis;
  private boolean earlyFetched;
  private long timerId = -1;
  private boolean closed;

  SigningKeys(
      Vertx vertx,
      HttpClient client,
      Optional<URI> jwksUrl,
      List<Path> pemFiles,
      Set<String> accepted,
      JWTOptions jwtOptions,
      Duration refresh,
      Clock clock,
      Runnable onChange) {
    this.vertx = vertx;
    this.context = vertx.getOrCreateContext();
    this.client = client;
    this.jwksUrl = jwksUrl;
    this.pemFiles = List.copyOf(pemFiles);
    this.accepted = accepted;
    this.jwtOptions = jwtOptions;
    this.refreshMillis = refresh.toMillis();
    this.earlyIntervalMillis = Math.max(1, refreshMillis / 10);
    this.clock = clock;
    this.onChange = onChange;
  }

  /**
   * Reads the PEM files (failing on any unreadable or unusable one), then makes the first JWKS
   * fetch. A failed first fetch does not fail the start: tokens are refused with "signing keys
   * unavailable" until a later fetch succeeds.
   */
  Future<Void> start() {
    return readPemFiles()
        .compose(
            pem -> {
              pemKeys = pem;
              rebuild();
              return jwksUrl.isEmpty() ? Future.<Void>succeededFuture() : fetch().<Void>mapEmpty();
            });
  }

  /** The keys now in force; null while there are none at all. */
  KeySet current() {
    return current;
  }

  boolean usesJwks() {
    return jwksUrl.isPresent();
  }

  /**
   * Fetches the JWKS now if no fetch is running and none was asked for this way within the last
   * refresh period / 10; otherwise joins the running fetch or answers the current keys. Never
   * fails.
   */
  Future<KeySet> fetchEarly() {
    synchronized (this) {
      if (inFlight != null) {
        return inFlight;
      }
      long now = clock.millis();
      if (jwksUrl.isEmpty()
          || closed
          || (earlyFetched && now - lastEarlyFetchMillis < earlyIntervalMillis)) {
        return Future.succeededFuture(current);
      }
      earlyFetched = true;
      lastEarlyFetchMillis = now;
    }
    return fetch();
  }

  /** Stops the refresh timer. */
  synchronized void close() {
    closed = true;
    if (timerId >= 0) {
      vertx.cancelTimer(timerId);
      timerId = -1;
    }
  }

  private Future<List<PubSecKeyOptions>> readPemFiles() {
    List<Future<List<PubSecKeyOptions>>> reads = new ArrayList<>();
    for (Path file : pemFiles) {
      reads.add(
          vertx
              .fileSystem()
              .readFile(file.toString())
              .recover(
                  e ->
                      Future.failedFuture(
                          new IllegalArgumentException(
                              "auth.jwt.publicKeyFiles: cannot read "
                                  + file
                                  + ": "
                                  + e.getMessage(),
                              e)))
              .map(
                  pem ->
                      PemPublicKeys.parse(
                          file.toString(), pem.toString(StandardCharsets.US_ASCII), accepted)));
    }
    return Future.all(reads)
        .map(
            all -> {
              List<PubSecKeyOptions> keys = new ArrayList<>();
              for (int i = 0; i < all.size(); i++) {
                List<PubSecKeyOptions> fromFile = all.resultAt(i);
                keys.addAll(fromFile);
              }
              return List.copyOf(keys);
            });
  }

  private Future<KeySet> fetch() {
    Promise<KeySet> promise;
    synchronized (this) {
      if (closed) {
        return Future.succeededFuture(current);
      }
      if (inFlight != null) {
        return inFlight;
      }
      promise = Promise.promise();
      inFlight = promise.future();
      if (timerId >= 0) {
        vertx.cancelTimer(timerId);
        timerId = -1;
      }
    }
    download()
        .onComplete(
            result -> {
              boolean ok = result.succeeded() && install(result.result());
              if (result.failed()) {
                warnFailed(result.cause().getMessage());
              }
              synchronized (this) {
                inFlight = null;
                if (!closed) {
                  timerId = vertx.setTimer(ok ? refreshMillis : earlyIntervalMillis, id -> fetch());
                }
              }
              promise.complete(current);
            });
    return promise.future();
  }

  /**
   * Runs the fetch on this object's own context whoever asks for it: the response must be read in
   * the event-loop turn it arrives in, which only holds when the request is made on a context.
   */
  private Future<List<JsonObject>> download() {
    Promise<List<JsonObject>> downloaded = Promise.promise();
    context.runOnContext(v -> request().onComplete(downloaded));
    return downloaded.future();
  }

  private Future<List<JsonObject>> request() {
    String url = jwksUrl.orElseThrow().toString();
    RequestOptions options =
        new RequestOptions()
            .setMethod(HttpMethod.GET)
            .setAbsoluteURI(url)
            .putHeader(HttpHeaders.ACCEPT, "application/jwk-set+json, application/json")
            .setConnectTimeout(FETCH_TIMEOUT.toMillis())
            .setIdleTimeout(FETCH_TIMEOUT.toMillis());
    try {
      return client
          .request(options)
          .compose(request -> request.send())
          .compose(this::body)
          .map(body -> JwksDocument.usableKeys(new JsonObject(body), accepted, url));
    } catch (RuntimeException e) {
      return Future.failedFuture(e);
    }
  }

  private Future<Buffer> body(HttpClientResponse response) {
    if (response.statusCode() != 200) {
      return response
          .body()
          .transform(ignored -> Future.failedFuture("HTTP status " + response.statusCode()));
    }
    if (declaredTooLarge(response.getHeader(HttpHeaders.CONTENT_LENGTH))) {
      response.request().reset();
      return Future.failedFuture("document larger than " + MAX_DOCUMENT_BYTES + " bytes");
    }
    return response
        .body()
        .compose(
            body ->
                body.length() > MAX_DOCUMENT_BYTES
                    ? Future.failedFuture("document larger than " + MAX_DOCUMENT_BYTES + " bytes")
                    : Future.succeededFuture(body));
  }

  private static boolean declaredTooLarge(String contentLength) {
    if (contentLength == null) {
      return false;
    }
    try {
      return Long.parseLong(contentLength.trim()) > MAX_DOCUMENT_BYTES;
    } catch (NumberFormatException e) {
      return true;
    }
  }

  /** Takes a fetched key list; false when it is unusable and the previous keys stay. */
  private boolean install(List<JsonObject> keys) {
    String url = jwksUrl.orElseThrow().toString();
    if (keys.isEmpty()) {
      warnFailed("no usable signing keys for the accepted algorithms " + accepted);
      return false;
    }
    if (keys.equals(jwksKeys)) {
      return true;
    }
    jwksKeys = keys;
    rebuild();
    log.info("JWKS {}: {} signing keys in force {}", url, keys.size(), current.jwksKeyIds());
    return true;
  }

  private void warnFailed(String reason) {
    String url = jwksUrl.orElseThrow().toString();
    if (jwksKeys == null) {
      log.warn(
          "JWKS {} unavailable ({}); JWT bearer tokens are refused until it can be fetched",
          url,
          reason);
    } else {
      log.warn("JWKS {} refresh failed ({}); keeping the keys fetched before", url, reason);
    }
  }

  private void rebuild() {
    List<JsonObject> jwks = jwksKeys == null ? List.of() : jwksKeys;
    List<PubSecKeyOptions> pem = pemKeys;
    if (pem.isEmpty() && jwks.isEmpty()) {
      current = null;
      return;
    }
    JWTAuthOptions options =
        new JWTAuthOptions()
            .setJWTOptions(new JWTOptions(jwtOptions))
            .setPubSecKeys(new ArrayList<>(pem))
            .setJwks(jwks.stream().map(JsonObject::copy).collect(Collectors.toList()));
    Set<String> keyIds =
        jwks.stream()
            .map(key -> key.getString("kid"))
            .filter(Objects::nonNull)
            .collect(Collectors.toUnmodifiableSet());
    current = new KeySet(JWTAuth.create(vertx, options), keyIds, jwksKeys != null);
    onChange.run();
  }
}
