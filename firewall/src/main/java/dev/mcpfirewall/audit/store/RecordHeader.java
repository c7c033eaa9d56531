package dev.mcpfirewall.audit.store;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.IOException;

/**
 * The chain members of a stored record ({@code seq}, {@code prev}, {@code hash}, {@code time},
 * {@code node}, {@code event}), read with a streaming parser that skips everything else, so a
 * verifier does not build the whole record.
 */
public record RecordHeader(
    long seq, String prev, String hash, String time, String node, String event) {
  private static final JsonFactory JSON = new JsonFactory();

  /**
   * Reads the header of one line.
   *
   * @throws IllegalArgumentException when the line is not a JSON object with these members
   */
  public static RecordHeader parse(byte[] line, int offset, int length) {
    long seq = -1;
    String prev = null;
    String hash = null;
    String time = null;
    String node = null;
    String event = null;
    try (JsonParser p = JSON.createParser(line, offset, length)) {
      if (p.nextToken() != JsonToken.START_OBJECT) {
        throw new IllegalArgumentException("not a JSON object");
      }
      JsonToken t;
      while ((t = p.nextToken()) == JsonToken.FIELD_NAME) {
        String name = p.currentName();
        JsonToken v = p.nextToken();
        switch (name) {
          case "seq" -> {
            if (v != JsonToken.VALUE_NUMBER_INT) {
              throw new IllegalArgumentException("seq is not an integer");
            }
            seq = p.getLongValue();
          }
          case "prev" -> prev = p.getValueAsString();
          case "hash" -> hash = p.getValueAsString();
          case "time" -> time = p.getValueAsString();
          case "node" -> node = p.getValueAsString();
          case "event" -> event = p.getValueAsString();
          default -> p.skipChildren();
        }
      }
      if (t != JsonToken.END_OBJECT || p.nextToken() != null) {
        throw new IllegalArgumentException("not one JSON object");
      }
    } catch (IOException e) {
      throw new IllegalArgumentException("not JSON: " + e.getMessage(), e);
    }
    if (seq < 1 || prev == null || hash == null || time == null || node == null || event == null) {
      throw new IllegalArgumentException("missing one of seq, prev, hash, time, node, event");
    }
    return new RecordHeader(seq, prev, hash, time, node, event);
  }
}
