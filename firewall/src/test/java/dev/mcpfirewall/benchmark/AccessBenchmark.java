package dev.mcpfirewall.benchmark;

import dev.mcpfirewall.auth.AuthAttempts;
import dev.mcpfirewall.auth.Credentials;
import dev.mcpfirewall.auth.Principal;
import dev.mcpfirewall.auth.apikey.ApiKeyAuthenticator;
import dev.mcpfirewall.auth.apikey.ApiKeyRegistry;
import dev.mcpfirewall.auth.lockout.AuthFailureTracker;
import dev.mcpfirewall.auth.lockout.TrackedAuthAttempts;
import dev.mcpfirewall.config.AuthConfig;
import dev.mcpfirewall.config.PolicyConfig;
import dev.mcpfirewall.metrics.FirewallMetrics;
import dev.mcpfirewall.policy.AccessDecision;
import dev.mcpfirewall.policy.AccessPolicy;
import dev.mcpfirewall.policy.LearnedToolCatalog;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.nio.file.Files;
import java.time.Clock;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * Authentication plus authorization of one {@code tools/call}, as the request path does it: the API
 * key verified through {@link Credentials} (lockout check, verification cache, failure accounting)
 * and the role, tool class and scope decision. Budget: 10 µs per request.
 */
@State(Scope.Benchmark)
@BenchmarkMode({Mode.AverageTime, Mode.SampleTime})
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class AccessBenchmark {
  private Vertx vertx;
  private ApiKeyRegistry registry;
  private Credentials credentials;
  private AccessPolicy policy;
  private String authorization;
  private FirewallMetrics metrics;

  @Setup(Level.Trial)
  public void setUp() throws Exception {
    vertx = Vertx.vertx();
    Clock clock = Clock.systemUTC();
    AuthConfig auth = AuthConfig.defaults(Files.createTempDirectory("access-bench"));
    registry =
        ApiKeyRegistry.open(vertx, auth, clock).toCompletionStage().toCompletableFuture().get();
    String key =
        registry
            .create(
                "bench",
                List.of("operator"),
                new AuthConfig.KeyScopes(
                    List.of("notes"), List.of("*_note*"), List.of(), List.of()),
                Optional.empty())
            .toCompletionStage()
            .toCompletableFuture()
            .get()
            .key();
    authorization = "Bearer " + key;
    metrics = FirewallMetrics.create();
    AuthFailureTracker tracker =
        new AuthFailureTracker(auth.lockout(), clock, alert -> {}, metrics);
    AuthAttempts attempts = new TrackedAuthAttempts(tracker, metrics);
    credentials =
        new Credentials(List.of(new ApiKeyAuthenticator(registry, (id, reason) -> {})), attempts);
    LearnedToolCatalog catalog = new LearnedToolCatalog(PolicyConfig.defaults());
    catalog.learn(
        "notes",
        new JsonArray()
            .add(
                new JsonObject()
                    .put("name", "search_notes")
                    .put("annotations", new JsonObject().put("readOnlyHint", true)))
            .add(new JsonObject().put("name", "delete_note")));
    policy = new AccessPolicy(PolicyConfig.defaults(), catalog);
  }

  @TearDown(Level.Trial)
  public void tearDown() throws Exception {
    registry.close().toCompletionStage().toCompletableFuture().get();
    metrics.close();
    vertx.close().toCompletionStage().toCompletableFuture().get();
  }

  @Benchmark
  public AccessDecision authenticateAndAuthorizeToolCall() {
    Future<Principal> verified = credentials.verify(authorization, "127.0.0.1");
    Principal principal = verified.result();
    if (principal == null) {
      throw new IllegalStateException("the key did not verify", verified.cause());
    }
    AccessDecision upstream = policy.upstream(principal, "notes");
    return upstream.allowed() ? policy.tool(principal, "notes", "delete_note") : upstream;
  }
}
