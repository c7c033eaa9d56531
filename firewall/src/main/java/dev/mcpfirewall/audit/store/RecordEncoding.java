package dev.mcpfirewall.audit.store;

import dev.mcpfirewall.audit.AuditEvent;
import dev.mcpfirewall.json.CanonicalJson;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.function.IntSupplier;

/**
 * Turns an event into a record's members, each value already in canonical form: the expensive part
 * of a record (redaction, commitment, encoding). When the {@link ChainWriter}'s queue is long and
 * an encoding pool is given, it is done ahead on that pool, so that the writer thread, which must
 * seal records one after the other, only splices and hashes; otherwise the writer does it itself.
 */
final class RecordEncoding {
  /** Below this many queued items the writer has time to encode itself: no hand-off is worth it. */
  private static final int ENCODE_AHEAD_QUEUE = 16;

  private final EventEncoder encoder;
  private final Executor pool;

  /**
   * @param pool where to encode ahead (the encoder must then be thread-safe); null: never ahead
   */
  RecordEncoding(EventEncoder encoder, Executor pool) {
    this.encoder = encoder;
    this.pool = pool;
  }

  /**
   * Starts encoding {@code event} on the pool when {@code queued} items wait for the writer; null
   * when the writer should encode it itself.
   */
  CompletableFuture<TreeMap<String, Object>> ahead(AuditEvent event, IntSupplier queued) {
    return pool == null || queued.getAsInt() < ENCODE_AHEAD_QUEUE
        ? null
        : CompletableFuture.supplyAsync(() -> members(event), pool);
  }

  /** {@code event}'s members, encoded here. */
  TreeMap<String, Object> members(AuditEvent event) {
    TreeMap<String, Object> members = encoder.members(event);
    members.replaceAll(
        (k, v) ->
            v instanceof CanonicalJson.Raw ? v : new CanonicalJson.Raw(CanonicalJson.encode(v)));
    return members;
  }
}
