package dev.mcpfirewall.auth.apikey;

import dev.mcpfirewall.auth.Principal;
import dev.mcpfirewall.config.AuthConfig;
import dev.mcpfirewall.config.AuthConfig.ApiKeyConfig;
import dev.mcpfirewall.config.AuthConfig.KeyPolicy;
import io.vertx.core.Future;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/** Shared set-up of the API key tests. */
final class Keys {
  static final String PEPPER = "test-pepper-0123456789abcdef";

  private Keys() {}

  static AuthConfig auth(List<ApiKeyConfig> declared, KeyPolicy policy) {
    AuthConfig defaults = AuthConfig.defaults(Path.of("unused"));
    return new AuthConfig(
        Optional.of(PEPPER),
        declared,
        defaults.keyStore(),
        policy,
        Optional.empty(),
        List.of(),
        defaults.lockout());
  }

  static ApiKeyRegistry open(
      io.vertx.core.Vertx vertx,
      List<ApiKeyConfig> declared,
      KeyPolicy policy,
      KeyStore store,
      Clock clock) {
    return await(
        ApiKeyRegistry.open(
            vertx, auth(declared, policy), KeyPepper.of(PEPPER), store, clock, new SecureRandom()));
  }

  static <T> T await(Future<T> future) {
    try {
      return future.toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    } catch (java.util.concurrent.ExecutionException e) {
      if (e.getCause() instanceof RuntimeException r) {
        throw r;
      }
      throw new IllegalStateException(e.getCause());
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  /** The failure of a future that must fail. */
  static Throwable failure(Future<?> future) {
    try {
      future.toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    } catch (java.util.concurrent.ExecutionException e) {
      return e.getCause();
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
    throw new AssertionError("the future succeeded");
  }

  static Principal authenticate(ApiKeyAuthenticator authenticator, String key, String source) {
    return await(authenticator.authenticate(key, source));
  }
}
