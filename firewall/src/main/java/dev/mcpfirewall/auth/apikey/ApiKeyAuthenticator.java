package dev.mcpfirewall.auth.apikey;

import dev.mcpfirewall.auth.Authenticator;
import dev.mcpfirewall.auth.Principal;
import dev.mcpfirewall.pipeline.FailureKind;
import dev.mcpfirewall.pipeline.FirewallFailure;
import io.vertx.core.Future;
import java.util.Optional;
import java.util.function.BiConsumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Authenticates {@code Authorization: Bearer mcpfw_<id>_<secret>} against an {@link
 * ApiKeyRegistry}. The principal is {@code key-owner:<owner>} (so sessions survive a rotation),
 * with the key's id, roles and scopes.
 *
 * <p>Every refusal fails with the same {@link FailureKind#UNAUTHENTICATED} failure and the message
 * {@value #CLIENT_MESSAGE}, so a client cannot tell an unknown id from a wrong secret or a revoked
 * key. The precise {@link KeyRejection} goes to the log and to the rejection listener, which feeds
 * failure counting, metrics and the audit.
 *
 * <p>Runs on the event loop without blocking: the registry answers from memory.
 */
public final class ApiKeyAuthenticator implements Authenticator {
  private static final Logger log = LoggerFactory.getLogger(ApiKeyAuthenticator.class);

  /** What a client is told about any refused key. */
  public static final String CLIENT_MESSAGE = "invalid or expired API key";

  private final ApiKeyRegistry registry;
  private final BiConsumer<String, KeyRejection> rejections;

  /**
   * @param rejections told the presented key id (empty for a malformed key) and the precise reason
   *     of each refusal; called on the event loop, so it must not block. The id of an {@link
   *     KeyRejection#UNKNOWN_KEY} is the caller's invention: bound what is kept per id.
   */
  public ApiKeyAuthenticator(ApiKeyRegistry registry, BiConsumer<String, KeyRejection> rejections) {
    this.registry = registry;
    this.rejections = rejections;
  }

  @Override
  public boolean accepts(String token) {
    return token != null && token.startsWith(ApiKeyFormat.PREFIX);
  }

  @Override
  public Optional<String> keyId(String token) {
    return ApiKeyFormat.parse(token).map(ApiKeyFormat.Parsed::id);
  }

  @Override
  public Future<Principal> authenticate(String token, String sourceAddress) {
    Optional<ApiKeyFormat.Parsed> parsed = ApiKeyFormat.parse(token);
    if (parsed.isEmpty()) {
      return refuse("", KeyRejection.MALFORMED, sourceAddress);
    }
    String id = parsed.get().id();
    Verification verification = registry.verify(id, parsed.get().secret(), sourceAddress);
    if (verification.isAccepted()) {
      return Future.succeededFuture(verification.principal());
    }
    return refuse(id, verification.rejection(), sourceAddress);
  }

  private Future<Principal> refuse(String id, KeyRejection reason, String sourceAddress) {
    // Guesses (malformed keys, unknown ids) are counted, not logged one by one; a real key that
    // stopped working is worth a line for whoever has to find out why a client fails.
    if (reason == KeyRejection.MALFORMED || reason == KeyRejection.UNKNOWN_KEY) {
      log.debug("API key {} from {} refused: {}", id, sourceAddress, reason.code());
    } else {
      log.info("API key {} from {} refused: {}", id, sourceAddress, reason.code());
    }
    try {
      rejections.accept(id, reason);
    } catch (RuntimeException e) {
      log.warn("API key rejection listener failed", e);
    }
    return Future.failedFuture(new FirewallFailure(FailureKind.UNAUTHENTICATED, CLIENT_MESSAGE));
  }
}
