package dev.mcpfirewall.audit;

import dev.mcpfirewall.alert.MutableClock;
import dev.mcpfirewall.audit.store.ChainWriter;
import dev.mcpfirewall.audit.store.EventEncoder;
import dev.mcpfirewall.audit.store.NodeKey;
import dev.mcpfirewall.audit.store.WriterOptions;
import dev.mcpfirewall.audit.verify.ChainVerifier;
import dev.mcpfirewall.audit.verify.VerifyReport;
import io.vertx.core.Future;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/** Builds real chains on disk for the store and verifier tests. */
final class Chains {
  private Chains() {}

  static WriterOptions small(Path dir) {
    return WriterOptions.defaults(dir, "node-test")
        .withSegmentBytes(4096)
        .withCheckpoints(Duration.ofDays(1), 25);
  }

  static ChainWriter open(Path dir, Path keyFile, MutableClock clock) {
    return ChainWriter.open(
        small(dir),
        NodeKey.loadOrCreate(keyFile),
        clock,
        EventEncoder.PLAIN,
        ChainWriter.RecordListener.NONE);
  }

  /** Appends {@code n} request-like events, a second apart. */
  static void append(ChainWriter writer, MutableClock clock, int n) throws Exception {
    for (int i = 0; i < n; i++) {
      clock.advance(Duration.ofSeconds(1));
      await(
          writer.append(
              AuditEvent.of("request")
                  .with("method", "tools/call")
                  .with("tool", "echo")
                  .with("details", Map.of("text", "hello number " + i + " with some padding"))));
    }
  }

  static <T> T await(Future<T> future) throws Exception {
    return future.toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
  }

  static VerifyReport verify(Path dir, Path keyFile) {
    return ChainVerifier.verify(
        dir, ChainVerifier.Options.trusting(NodeKey.loadOrCreate(keyFile).publicKey()));
  }

  static void copy(Path from, Path to) throws IOException {
    Files.createDirectories(to);
    try (Stream<Path> files = Files.list(from)) {
      for (Path f : files.toList()) {
        if (!f.getFileName().toString().equals("writer.lock")) {
          Files.copy(f, to.resolve(f.getFileName()));
        }
      }
    }
  }
}
