package dev.mcpfirewall.interop;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.mcpfirewall.testpeers.EverythingServer;
import dev.mcpfirewall.testpeers.FirewallUnderTest;
import dev.mcpfirewall.testpeers.RawAgent;
import io.vertx.core.MultiMap;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Resumability end to end: server-everything keeps an event store, so an agent that lost a stream
 * can ask the firewall to resume it with {@code Last-Event-ID} and gets the events it missed,
 * replayed by the upstream through the firewall, ids intact.
 */
@Timeout(120)
class ResumptionThroughFirewallTest {
  private static final Pattern EVENT_ID = Pattern.compile("(?m)^id: ?(\\S+)$");

  @Test
  void aLostStreamIsResumedFromTheLastEventIdTheAgentSaw() throws Exception {
    try (EverythingServer upstream = EverythingServer.streamableHttp();
        FirewallUnderTest firewall =
            FirewallUnderTest.start(
                List.of(FirewallUnderTest.http("everything", upstream.endpoint())));
        RawAgent agent = new RawAgent(firewall.vertx(), firewall.port(), firewall.agentKey())) {
      String session = agent.initialize("/mcp/everything");
      Map<String, String> headers =
          Map.of("Mcp-Session-Id", session, "MCP-Protocol-Version", "2025-06-18");
      assertThat(
              agent
                  .post(
                      "/mcp/everything",
                      "{\"jsonrpc\":\"2.0\",\"method\":\"notifications/initialized\"}",
                      headers)
                  .status())
          .isEqualTo(202);

      MultiMap post = MultiMap.caseInsensitiveMultiMap().addAll(headers);
      post.add("Content-Type", "application/json")
          .add("Accept", "application/json, text/event-stream");
      String call =
          "{\"jsonrpc\":\"2.0\",\"id\":42,\"method\":\"tools/call\",\"params\":{\"name\":"
              + "\"trigger-long-running-operation\",\"arguments\":{\"duration\":1,\"steps\":3},"
              + "\"_meta\":{\"progressToken\":\"resume-me\"}}}";
      // The agent "loses" the stream right after the first progress event.
      String firstPart =
          agent.readStream(
              HttpMethod.POST,
              "/mcp/everything",
              post,
              Buffer.buffer(call),
              text -> text.contains("notifications/progress") && text.contains("\n\n"));
      Matcher ids = EVENT_ID.matcher(firstPart);
      assertThat(ids.find()).as("the upstream's events carry ids:\n" + firstPart).isTrue();
      String lastSeen = ids.group(1);
      assertThat(firstPart).doesNotContain("\"id\":42,\"result\"");

      MultiMap resume = MultiMap.caseInsensitiveMultiMap().addAll(headers);
      resume.add("Accept", "text/event-stream").add("Last-Event-ID", lastSeen);
      // The upstream replays what it stored after that id; until the tool finishes, that is only
      // part of the stream, so the agent reconnects until the response is there.
      AtomicReference<String> replayed = new AtomicReference<>("");
      await()
          .atMost(Duration.ofSeconds(20))
          .until(
              () -> {
                replayed.set(
                    agent.readStream(
                        HttpMethod.GET,
                        "/mcp/everything",
                        resume,
                        null,
                        text -> text.contains("\"id\":42"),
                        Duration.ofMillis(1500)));
                return replayed.get().contains("\"id\":42");
              });
      String replay = replayed.get();

      assertThat(replay).contains("\"progress\":3").contains("\"id\":42").contains("result");
      assertThat(replay).doesNotContain("id: " + lastSeen + "\n");
    }
  }
}
