package dev.mcpfirewall.benchmark;

import dev.mcpfirewall.upstream.SseParser;
import io.vertx.core.buffer.Buffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;

/**
 * Splitting an upstream's {@code text/event-stream} into events with {@link SseParser}: one
 * operation feeds a stream of {@value #EVENTS} events ({@code id}, {@code event: message} and a
 * one-line JSON-RPC {@code data} of {@code dataBytes}) in network-sized chunks. Divide the stream
 * size (printed at set-up) by the time per operation for bytes per second. {@code baselineLineScan}
 * is the floor to compare with.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class SseParserBenchmark {
  static final int EVENTS = 64;

  /** Size of each event's data line: a progress notification, a typical result, a large one. */
  @Param({"200", "1000", "16000"})
  public int dataBytes;

  /** Chunk size the stream arrives in. */
  @Param({"8192"})
  public int chunkBytes;

  private final List<Buffer> chunks = new ArrayList<>();
  private Blackhole sink;
  private SseParser parser;

  @Setup(Level.Trial)
  public void setUp(Blackhole blackhole) {
    this.sink = blackhole;
    Buffer stream = Buffer.buffer();
    StringBuilder filler = new StringBuilder();
    while (filler.length() < dataBytes) {
      filler.append("all work and no play makes Jack a dull boy. ");
    }
    for (int i = 0; i < EVENTS; i++) {
      String prefix =
          "{\"jsonrpc\":\"2.0\",\"id\":"
              + i
              + ",\"result\":{\"content\":[{\"type\":\"text\",\"text\":\"";
      String suffix = "\"}]}}";
      String text = filler.substring(0, Math.max(0, dataBytes - prefix.length() - suffix.length()));
      stream.appendString(
          "id: stream-1-" + i + "\nevent: message\ndata: " + prefix + text + suffix + "\n\n");
    }
    for (int from = 0; from < stream.length(); from += chunkBytes) {
      chunks.add(stream.getBuffer(from, Math.min(stream.length(), from + chunkBytes)));
    }
    parser = new SseParser(Integer.MAX_VALUE, sink::consume);
    System.out.printf(
        "%n[SseParserBenchmark] dataBytes=%d: %d bytes per operation%n",
        dataBytes, stream.length());
  }

  @Benchmark
  public void parseStream() {
    for (Buffer chunk : chunks) {
      parser.feed(chunk);
    }
  }

  /**
   * The floor for comparison: the least any parser must do, finding line ends in a byte array per
   * chunk and decoding each line to a string once (no field handling, lines split across chunks are
   * not joined).
   */
  @Benchmark
  public void baselineLineScan(Blackhole blackhole) {
    for (Buffer chunk : chunks) {
      byte[] bytes = chunk.getBytes();
      int start = 0;
      for (int i = 0; i < bytes.length; i++) {
        if (bytes[i] == '\n') {
          blackhole.consume(new String(bytes, start, i - start, StandardCharsets.UTF_8));
          start = i + 1;
        }
      }
    }
  }
}
