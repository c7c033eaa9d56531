package dev.mcpfirewall.auth;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mcpfirewall.server.FirewallNode;
import dev.mcpfirewall.testpeers.FirewallUnderTest;
import dev.mcpfirewall.testpeers.RawAgent;
import io.vertx.core.MultiMap;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.ext.web.Route;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.TestInstance;

/**
 * Enumerates every route of both listeners and proves each one refuses a request without
 * credentials, so a route added later without authentication fails the build. The only anonymous
 * routes are the bare liveness probe and the RFC 9728 metadata clients read before they have a
 * token.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class RouteInventoryTest {
  private static final Set<String> ANONYMOUS =
      Set.of(
          "GET /healthz",
          "GET /.well-known/oauth-protected-resource",
          "GET /.well-known/oauth-protected-resource/mcp/:upstream");
  private static final List<HttpMethod> METHODS =
      List.of(HttpMethod.GET, HttpMethod.POST, HttpMethod.PUT, HttpMethod.DELETE, HttpMethod.PATCH);

  private FirewallUnderTest firewall;

  @BeforeAll
  void start() throws Exception {
    firewall =
        FirewallUnderTest.start(
            List.of(FirewallUnderTest.http("demo", java.net.URI.create("http://127.0.0.1:9/mcp"))));
  }

  @AfterAll
  void stop() throws Exception {
    firewall.close();
  }

  @TestFactory
  Stream<DynamicTest> everyRouteRefusesAnonymousCallers() {
    List<DynamicTest> tests = new ArrayList<>();
    for (FirewallNode.Listener listener : firewall.node().listeners()) {
      int port =
          listener.name().equals("admin") ? firewall.node().adminPort() : firewall.node().port();
      List<Route> routes = listener.router().getRoutes();
      assertThat(routes).as(listener.name() + " routes").isNotEmpty();
      for (Route route : routes) {
        String path = route.getPath() == null ? "/no/such/route" : route.getPath();
        String concrete = path.replace(":upstream", "demo").replace("*", "x");
        List<HttpMethod> methods =
            route.methods() == null || route.methods().isEmpty()
                ? METHODS
                : List.copyOf(route.methods());
        for (HttpMethod method : methods) {
          String name = listener.name() + " " + method + " " + path;
          boolean anonymous = ANONYMOUS.contains(method + " " + path);
          tests.add(
              DynamicTest.dynamicTest(
                  name + (anonymous ? " (anonymous by design)" : " requires credentials"),
                  () -> {
                    try (RawAgent agent = new RawAgent(firewall.vertx(), port)) {
                      MultiMap headers =
                          MultiMap.caseInsensitiveMultiMap()
                              .add("Content-Type", "application/json")
                              .add("Accept", "application/json, text/event-stream");
                      RawAgent.Reply reply =
                          agent.send(
                              method,
                              concrete,
                              headers,
                              method == HttpMethod.GET || method == HttpMethod.DELETE
                                  ? null
                                  : Buffer.buffer(
                                      "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"ping\"}"));
                      if (anonymous) {
                        assertThat(reply.status()).as(name).isEqualTo(200);
                      } else {
                        assertThat(reply.status()).as(name + ": " + reply.body()).isEqualTo(401);
                        assertThat(reply.header("WWW-Authenticate")).startsWith("Bearer");
                      }
                    }
                  }));
        }
      }
    }
    return tests.stream();
  }
}
