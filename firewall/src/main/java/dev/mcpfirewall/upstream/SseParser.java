package dev.mcpfirewall.upstream;

import io.vertx.core.Handler;
import io.vertx.core.buffer.Buffer;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;

/**
 * An incremental parser of {@code text/event-stream} (the WHATWG EventSource format): feed it
 * chunks as they arrive, and it emits each complete event. Accepts LF, CRLF and CR line endings,
 * multi-line data and comments.
 */
public final class SseParser {

  /** One parsed event. {@code data} is null when the event had no data field. */
  public record Event(String id, String type, String data, Long retry) {}

  private final Handler<Event> handler;
  private final int maxEventBytes;
  private final ByteArrayOutputStream lineBytes = new ByteArrayOutputStream(256);
  private boolean lastWasCr;
  private String id;
  private String type;
  private StringBuilder data;
  private Long retry;
  private int eventBytes;

  /**
   * @param maxEventBytes largest single event accepted; a larger one fails the stream rather than
   *     growing memory without bound
   */
  public SseParser(int maxEventBytes, Handler<Event> handler) {
    this.maxEventBytes = maxEventBytes;
    this.handler = handler;
  }

  /**
   * Feeds a chunk.
   *
   * @throws IllegalStateException when an event exceeds the size limit
   */
  public void feed(Buffer chunk) {
    // Lines are split on bytes (CR and LF never occur inside a UTF-8 sequence) and decoded whole,
    // so a character split across two chunks decodes correctly. Runs between line breaks are
    // copied in one call, not byte by byte.
    byte[] bytes = chunk.getBytes();
    int runStart = 0;
    for (int i = 0; i < bytes.length; i++) {
      byte b = bytes[i];
      if (b != '\n' && b != '\r') {
        continue;
      }
      appendRun(bytes, runStart, i);
      runStart = i + 1;
      if (b == '\n' && lastWasCr && i == 0 || b == '\n' && i > 0 && bytes[i - 1] == '\r') {
        lastWasCr = false;
        continue;
      }
      lastWasCr = b == '\r';
      endLine();
    }
    appendRun(bytes, runStart, bytes.length);
    if (runStart < bytes.length) {
      lastWasCr = false;
    }
  }

  private void appendRun(byte[] bytes, int from, int to) {
    if (to <= from) {
      return;
    }
    eventBytes += to - from;
    if (eventBytes > maxEventBytes) {
      throw new IllegalStateException("event larger than " + maxEventBytes + " bytes");
    }
    lineBytes.write(bytes, from, to - from);
  }

  private void endLine() {
    String line = lineBytes.toString(StandardCharsets.UTF_8);
    lineBytes.reset();
    if (line.length() == 0) {
      dispatch();
      return;
    }
    if (line.charAt(0) == ':') {
      return;
    }
    int colon = line.indexOf(":");
    String field = colon < 0 ? line.toString() : line.substring(0, colon);
    String value = "";
    if (colon >= 0) {
      int start = colon + 1;
      if (start < line.length() && line.charAt(start) == ' ') {
        start++;
      }
      value = line.substring(start);
    }
    switch (field) {
      case "data" -> {
        if (data == null) {
          data = new StringBuilder(value);
        } else {
          data.append('\n').append(value);
        }
      }
      case "id" -> {
        if (value.indexOf('\0') < 0) {
          id = value;
        }
      }
      case "event" -> type = value;
      case "retry" -> {
        if (!value.isEmpty() && value.chars().allMatch(Character::isDigit)) {
          retry = Long.parseLong(value);
        }
      }
      default -> {
        // Unknown fields are ignored, as the EventSource specification requires.
      }
    }
  }

  private void dispatch() {
    if (data != null || id != null || retry != null) {
      Event event = new Event(id, type, data == null ? null : data.toString(), retry);
      data = null;
      type = null;
      retry = null;
      id = null;
      eventBytes = 0;
      handler.handle(event);
    } else {
      type = null;
    }
  }
}
