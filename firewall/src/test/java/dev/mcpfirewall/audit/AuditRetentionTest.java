package dev.mcpfirewall.audit;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mcpfirewall.alert.MutableClock;
import dev.mcpfirewall.audit.api.AuditQuery;
import dev.mcpfirewall.audit.api.AuditSearch;
import dev.mcpfirewall.audit.store.ChainWriter;
import dev.mcpfirewall.audit.store.Segments;
import dev.mcpfirewall.audit.verify.VerifyReport;
import dev.mcpfirewall.config.AuditConfig;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Retention: whole segments go, the purge is recorded, the rest still verifies; holds hold. */
class AuditRetentionTest {
  @TempDir Path root;

  @Test
  void aPurgeRemovesOldSegmentsRecordsItselfAndLeavesAChainThatVerifies() throws Exception {
    Path dir = root.resolve("audit");
    Path key = root.resolve("audit.key");
    MutableClock clock = new MutableClock();
    ChainWriter writer = Chains.open(dir, key, clock);
    Chains.append(writer, clock, 100);
    clock.advance(Duration.ofDays(200));
    Chains.append(writer, clock, 20);
    int before = Segments.list(dir).size();

    List<String> purged =
        Chains.await(
            writer.submit(
                w -> w.purgeBefore(clock.instant().minus(Duration.ofDays(190)), "retention")));
    Chains.await(writer.close());

    assertThat(purged).isNotEmpty();
    assertThat(Segments.list(dir)).hasSize(before - purged.size());
    purged.forEach(f -> assertThat(dir.resolve(f)).doesNotExist());
    VerifyReport report = Chains.verify(dir, key);
    assertThat(report.breaches()).as(report.toJson().encodePrettily()).isEmpty();
    assertThat(report.firstSeq()).isGreaterThan(1);
    List<String> purges =
        AuditSearch.search(dir, event("admin"), 0, 100).lines().stream()
            .filter(l -> l.contains("audit.purge"))
            .toList();
    assertThat(purges).hasSize(1);
    assertThat(new JsonObject(purges.get(0)).getJsonObject("details").getJsonArray("segments"))
        .hasSize(purged.size());

    // Removing one more old segment without a purge is a breach.
    Files.delete(Segments.list(dir).get(0));
    assertThat(Chains.verify(dir, key).breaches())
        .anySatisfy(b -> assertThat(b.kind()).isEqualTo("unvouched-start"));
  }

  @Test
  void aPurgeInterruptedBeforeItsFilesWereDeletedStillVerifies() throws Exception {
    Path dir = root.resolve("audit");
    Path key = root.resolve("audit.key");
    Path copies = root.resolve("copies");
    MutableClock clock = new MutableClock();
    ChainWriter writer = Chains.open(dir, key, clock);
    Chains.append(writer, clock, 100);
    clock.advance(Duration.ofDays(200));
    Chains.append(writer, clock, 20);
    Chains.copy(dir, copies);
    List<String> purged =
        Chains.await(
            writer.submit(
                w -> w.purgeBefore(clock.instant().minus(Duration.ofDays(190)), "retention")));
    Chains.await(writer.close());
    for (String f : purged) {
      Files.copy(copies.resolve(f), dir.resolve(f)); // as if the process died before deleting
    }
    assertThat(Chains.verify(dir, key).breaches()).isEmpty();
    // ...and the writer takes it up again, and the next purge removes them.
    ChainWriter again = Chains.open(dir, key, clock);
    List<String> second =
        Chains.await(
            again.submit(
                w -> w.purgeBefore(clock.instant().minus(Duration.ofDays(190)), "retention")));
    assertThat(second).containsExactlyElementsOf(purged);
    Chains.await(again.close());
    assertThat(Chains.verify(dir, key).breaches()).isEmpty();
  }

  @Test
  void aLegalHoldSuspendsPurging() throws Exception {
    Vertx vertx = Vertx.vertx();
    try {
      assertThat(purgeAfter400Days(vertx, true)).isEmpty();
      assertThat(purgeAfter400Days(vertx, false)).isNotEmpty();
    } finally {
      vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    }
  }

  private List<String> purgeAfter400Days(Vertx vertx, boolean hold) throws Exception {
    Path data = Files.createTempDirectory(root, "data");
    MutableClock clock = new MutableClock(Instant.parse("2026-01-05T10:00:00Z"));
    AuditConfig config =
        AuditConfig.defaults(data)
            .withStorage(AuditConfig.Durability.FSYNC, 4096, Duration.ofDays(1))
            .withRetention(AuditConfig.DEFAULT_RETENTION_DAYS, hold);
    Auditing auditing =
        Auditing.open(vertx, config, clock, new SimpleMeterRegistry())
            .toCompletionStage()
            .toCompletableFuture()
            .get(30, TimeUnit.SECONDS);
    for (int i = 0; i < 80; i++) {
      Chains.await(
          auditing.trail().append(AuditEvent.of("test").with("n", i).with("pad", "x".repeat(100))));
    }
    clock.advance(Duration.ofDays(400));
    Chains.await(auditing.trail().append(AuditEvent.of("test").with("n", "late")));
    List<String> purged = Chains.await(auditing.purge("retention"));
    Chains.await(auditing.close());
    assertThat(Chains.verify(config.dir(), config.signingKey()).breaches()).isEmpty();
    return purged;
  }

  private static AuditQuery event(String type) {
    return new AuditQuery(
        java.util.Optional.empty(),
        java.util.Optional.empty(),
        java.util.Optional.empty(),
        java.util.Optional.empty(),
        java.util.Optional.empty(),
        java.util.Optional.empty(),
        java.util.Optional.of(type));
  }
}
