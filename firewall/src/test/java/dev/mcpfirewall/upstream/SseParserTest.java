package dev.mcpfirewall.upstream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vertx.core.buffer.Buffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class SseParserTest {
  private final List<SseParser.Event> events = new ArrayList<>();
  private final SseParser parser = new SseParser(1024, events::add);

  @Test
  void parsesFieldsCommentsAndEveryLineEnding() {
    parser.feed(
        Buffer.buffer(": keep-alive\r\nid: 7\r\nevent: message\r\ndata: {\"a\":1}\r\n\r\n"));
    parser.feed(Buffer.buffer("retry: 3000\rdata: one\rdata: two\r\r"));
    parser.feed(Buffer.buffer("data:no-space\n\n"));
    assertThat(events)
        .containsExactly(
            new SseParser.Event("7", "message", "{\"a\":1}", null),
            new SseParser.Event(null, null, "one\ntwo", 3000L),
            new SseParser.Event(null, null, "no-space", null));
  }

  @Test
  void anEventSplitAnywhereAcrossChunksIsReassembled() {
    byte[] bytes = "id: é1\ndata: {\"text\":\"héllo ✓\"}\n\n".getBytes(StandardCharsets.UTF_8);
    for (int split = 1; split < bytes.length; split++) {
      events.clear();
      SseParser fresh = new SseParser(1024, events::add);
      fresh.feed(Buffer.buffer(java.util.Arrays.copyOfRange(bytes, 0, split)));
      fresh.feed(Buffer.buffer(java.util.Arrays.copyOfRange(bytes, split, bytes.length)));
      assertThat(events)
          .as("split at byte %d", split)
          .containsExactly(new SseParser.Event("é1", null, "{\"text\":\"héllo ✓\"}", null));
    }
  }

  @Test
  void aPrimingEventWithAnIdAndEmptyDataIsKept() {
    parser.feed(Buffer.buffer("id: prime-1\ndata:\n\n"));
    assertThat(events).containsExactly(new SseParser.Event("prime-1", null, "", null));
  }

  @Test
  void anOversizedEventFailsInsteadOfGrowingWithoutBound() {
    assertThatThrownBy(() -> parser.feed(Buffer.buffer("data: " + "x".repeat(2000) + "\n\n")))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("larger than 1024 bytes");
  }
}
