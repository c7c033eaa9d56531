package dev.mcpfirewall.audit;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mcpfirewall.audit.api.AuditQuery;
import dev.mcpfirewall.audit.api.AuditSearch;
import dev.mcpfirewall.audit.store.NodeKey;
import dev.mcpfirewall.audit.verify.ChainVerifier;
import dev.mcpfirewall.audit.verify.VerifyReport;
import dev.mcpfirewall.cli.FirewallCommand;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The write-ahead promise under a crash: the firewall runs as a process of its own, agents put load
 * through it to an upstream that counts the calls it received, the firewall is killed with SIGKILL
 * mid-load and started again on the same directory. Afterwards the trail verifies, and every call
 * the upstream received has its request record.
 */
@Tag("slow")
class AuditCrashTest {
  private static final int AGENTS = 6;
  private static final java.util.concurrent.atomic.AtomicReference<String> problem =
      new java.util.concurrent.atomic.AtomicReference<>("none");

  @TempDir Path dir;

  @Test
  void everyCallTheUpstreamReceivedHasItsRecordAfterSigkill() throws Exception {
    Vertx vertx = Vertx.vertx();
    CountingUpstream upstream =
        CountingUpstream.start(vertx).toCompletionStage().toCompletableFuture().get();
    String pepper = "crash-test-pepper-0123456789-abcdefghijklmnop";
    String secret = Base64.getUrlEncoder().withoutPadding().encodeToString(random(32));
    Path config = dir.resolve("mcp-firewall.yaml");
    int port = freePort();
    Files.writeString(
        config,
        String.join(
            "\n",
            "listen: {host: 127.0.0.1, port: " + port + "}",
            "dataDir: ./data",
            "admin: {listen: {host: 127.0.0.1, port: " + freePort() + "}}",
            "upstreams: [{name: counting, url: \"" + upstream.uri() + "\"}]",
            "auth:",
            "  keyPepper: \"" + pepper + "\"",
            "  apiKeys:",
            "    - id: crash",
            "      hash: \"" + hash(pepper, secret) + "\"",
            "      owner: crash-test",
            "      roles: [operator]",
            "audit:",
            "  checkpointInterval: 1s",
            ""));
    String credential = "Bearer mcpfw_crash_" + secret;
    Path auditDir = dir.resolve("data/audit");
    try {
      Process first = launch(config);
      awaitReady(first);
      AtomicBoolean stop = new AtomicBoolean();
      AtomicInteger answered = new AtomicInteger();
      List<Thread> agents = new ArrayList<>();
      for (int a = 0; a < AGENTS; a++) {
        int agent = a;
        Thread t = new Thread(() -> load(port, credential, agent, stop, answered));
        t.setDaemon(true);
        t.start();
        agents.add(t);
      }
      org.awaitility.Awaitility.await()
          .atMost(java.time.Duration.ofSeconds(60))
          .pollInterval(java.time.Duration.ofMillis(20))
          .until(() -> upstream.calls().size() >= 400);
      first.destroyForcibly(); // SIGKILL, mid-load
      assertThat(first.waitFor(30, TimeUnit.SECONDS)).isTrue();
      stop.set(true);
      for (Thread t : agents) {
        t.join(10_000);
      }
      Set<String> received = new HashSet<>(upstream.calls());
      assertThat(received).as("first problem: " + problem.get()).hasSizeGreaterThanOrEqualTo(400);

      Process second = launch(config);
      awaitReady(second);
      second.getOutputStream().close(); // a clean stop: the final checkpoint
      assertThat(second.waitFor(60, TimeUnit.SECONDS)).isTrue();

      Path keyFile = dir.resolve("data/audit-signing.key");
      NodeKey key = NodeKey.loadOrCreate(keyFile);
      VerifyReport report =
          ChainVerifier.verify(auditDir, ChainVerifier.Options.trusting(key.publicKey()));
      assertThat(report.breaches()).as(report.toJson().encodePrettily()).isEmpty();
      Path pub = dir.resolve("node.pub");
      Files.writeString(pub, key.publicPem());
      assertThat(
              FirewallCommand.commandLine()
                  .execute("audit", "verify", auditDir.toString(), "--key", pub.toString()))
          .isZero();

      Set<String> recorded = new HashSet<>();
      AuditQuery requests =
          new AuditQuery(
              java.util.Optional.empty(),
              java.util.Optional.empty(),
              java.util.Optional.empty(),
              java.util.Optional.of("note"),
              java.util.Optional.empty(),
              java.util.Optional.empty(),
              java.util.Optional.of("agent.request"));
      long after = 0;
      do {
        AuditSearch.Page page = AuditSearch.search(auditDir, requests, after, 1000);
        for (String line : page.lines()) {
          recorded.add(
              String.valueOf(
                  new JsonObject(line)
                      .getJsonObject("payload")
                      .getJsonObject("params")
                      .getJsonObject("arguments")
                      .getValue("n")));
        }
        after = page.next();
      } while (after != 0);
      assertThat(recorded).containsAll(received);
    } finally {
      upstream.stop();
      vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    }
  }

  private static void load(
      int port, String credential, int agent, AtomicBoolean stop, AtomicInteger answered) {
    HttpClient client =
        HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5))
            .build();
    URI uri = URI.create("http://127.0.0.1:" + port + "/mcp/counting");
    try {
      HttpResponse<String> init =
          client.send(
              post(
                  uri,
                  credential,
                  null,
                  "{\"jsonrpc\":\"2.0\",\"id\":0,\"method\":\"initialize\",\"params\":{\"protocolVersion\":\"2025-06-18\",\"capabilities\":{},\"clientInfo\":{\"name\":\"crash\",\"version\":\"1\"}}}"),
              HttpResponse.BodyHandlers.ofString());
      String session = init.headers().firstValue("Mcp-Session-Id").orElseThrow();
      client.send(
          post(
              uri,
              credential,
              session,
              "{\"jsonrpc\":\"2.0\",\"method\":\"notifications/initialized\"}"),
          HttpResponse.BodyHandlers.ofString());
      for (int i = 0; !stop.get(); i++) {
        String n = "a" + agent + "-" + i;
        HttpResponse<String> reply =
            client.send(
                post(
                    uri,
                    credential,
                    session,
                    "{\"jsonrpc\":\"2.0\",\"id\":\""
                        + n
                        + "\",\"method\":\"tools/call\",\"params\":{\"name\":\"note\",\"arguments\":{\"n\":\""
                        + n
                        + "\"}}}"),
                HttpResponse.BodyHandlers.ofString());
        if (reply.statusCode() != 200 || reply.body().contains("\"error\"")) {
          problem.compareAndSet("none", reply.statusCode() + " " + reply.body());
        }
        answered.incrementAndGet();
      }
    } catch (Exception e) {
      // The firewall was killed under us: that is the point (or it failed earlier: say so).
      problem.compareAndSet("none", e.toString());
    }
  }

  private static HttpRequest post(URI uri, String credential, String session, String body) {
    HttpRequest.Builder b =
        HttpRequest.newBuilder(uri)
            .timeout(Duration.ofSeconds(10))
            .header("Authorization", credential)
            .header("Content-Type", "application/json")
            .header("Accept", "application/json, text/event-stream")
            .POST(HttpRequest.BodyPublishers.ofString(body));
    if (session != null) {
      b.header("Mcp-Session-Id", session).header("MCP-Protocol-Version", "2025-06-18");
    }
    return b.build();
  }

  private static Process launch(Path config) throws Exception {
    List<String> command =
        List.of(
            System.getProperty("java.home") + "/bin/java",
            "-cp",
            System.getProperty("java.class.path"),
            "dev.mcpfirewall.benchmark.FirewallProcess",
            "--config",
            config.toString(),
            "--event-loops",
            "2");
    return new ProcessBuilder(command).redirectErrorStream(true).start();
  }

  private static void awaitReady(Process process) throws Exception {
    BufferedReader out =
        new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
    StringBuilder seen = new StringBuilder();
    String line;
    while ((line = out.readLine()) != null) {
      seen.append(line).append('\n');
      if (line.startsWith("READY ")) {
        Thread drain =
            new Thread(
                () -> {
                  try {
                    while (out.readLine() != null) {
                      // keep the pipe from filling
                    }
                  } catch (java.io.IOException e) {
                    // ended
                  }
                });
        drain.setDaemon(true);
        drain.start();
        return;
      }
    }
    throw new AssertionError("the firewall process ended before READY:\n" + seen);
  }

  private static int freePort() throws Exception {
    try (ServerSocket s = new ServerSocket(0)) {
      return s.getLocalPort();
    }
  }

  private static byte[] random(int n) {
    byte[] b = new byte[n];
    new SecureRandom().nextBytes(b);
    return b;
  }

  private static String hash(String pepper, String secret) throws Exception {
    Mac mac = Mac.getInstance("HmacSHA256");
    mac.init(new SecretKeySpec(pepper.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
    return "hmac-sha256:"
        + Base64.getUrlEncoder()
            .withoutPadding()
            .encodeToString(mac.doFinal(secret.getBytes(StandardCharsets.US_ASCII)));
  }
}
