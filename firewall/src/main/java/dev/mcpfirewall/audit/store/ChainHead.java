package dev.mcpfirewall.audit.store;

import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.TreeMap;

/**
 * Where a node's chain stands: the last record's sequence number, hash and time, and the first
 * record the chain starts from (the genesis, or where a retention purge left it). It seals each new
 * record after the last ({@link #seal}), and at start it resumes from what is on disk, refusing a
 * directory whose latest checkpoint covers records that are no longer there.
 *
 * <p>Confined to the {@link ChainWriter}'s thread (and the opening thread before that starts),
 * except {@link #seq()}, which other threads may read as an approximation.
 */
final class ChainHead {
  private final String node;
  private final Clock clock;
  private final MessageDigest sha256 = RecordSeal.sha256();

  private long seq;
  private String head;
  private Instant lastTime;
  private long firstSeq;
  private String firstPrev;
  private String firstTime;

  ChainHead(String node, Clock clock) {
    this.node = node;
    this.clock = clock;
  }

  /**
   * Continues the chain found in {@code dir}.
   *
   * @throws IllegalStateException when the latest checkpoint covers records that are gone
   */
  void resume(Path dir, ChainState state) {
    seq = state.lastSeq();
    head = state.lastHash();
    lastTime = state.lastTime() == null ? Instant.EPOCH : Instant.parse(state.lastTime());
    if (state.segments().isEmpty()) {
      firstSeq = seq + 1;
      firstPrev = head;
    } else {
      firstSeq = state.segments().get(0).firstSeq();
      firstPrev = state.segments().get(0).firstPrev();
      firstTime = state.segments().get(0).firstTime();
    }
    if (state.checkpoint().isPresent()) {
      Checkpoint.Signed last = state.checkpoint().get();
      Checkpoint cp = last.checkpoint();
      if (cp.lastSeq() > seq) {
        throw new IllegalStateException(
            "the audit trail in "
                + dir
                + " was truncated: checkpoint "
                + cp.number()
                + " covers records up to seq "
                + cp.lastSeq()
                + " but the segments end at seq "
                + seq
                + "; run 'mcp-firewall audit verify "
                + dir
                + "' and restore the directory from a copy");
      }
      if (cp.firstSeq() > firstSeq) {
        // A purge was signed but its files not yet deleted; the chain starts where it vouched.
        startAt(cp.firstSeq(), cp.firstPrev(), cp.firstTime());
      }
    }
  }

  /**
   * Seals {@code members} (each value already canonical) as the next record of type {@code type}.
   */
  byte[] seal(String type, TreeMap<String, Object> members) {
    members.remove(RecordSeal.HASH);
    Instant now = clock.instant().truncatedTo(ChronoUnit.MICROS);
    if (now.isBefore(lastTime)) {
      now = lastTime; // wall clocks step back; record times never do
    }
    members.put("event", type);
    members.put("seq", seq + 1);
    members.put("time", now.toString());
    members.put("node", node);
    members.put("prev", head);
    RecordSeal.Sealed sealed = RecordSeal.seal(members, sha256);
    seq++;
    head = sealed.hash();
    lastTime = now;
    if (firstTime == null) {
      firstTime = now.toString();
    }
    return sealed.line();
  }

  /** Moves the chain's start to {@code firstSeq}, after a purge removed the records before it. */
  void startAt(long firstSeq, String firstPrev, String firstTime) {
    this.firstSeq = firstSeq;
    this.firstPrev = firstPrev;
    this.firstTime = firstTime;
  }

  /** The last sequence number sealed. */
  long seq() {
    return seq;
  }

  /** The last record's hash. */
  String head() {
    return head;
  }

  /** The last record's time. */
  Instant lastTime() {
    return lastTime;
  }

  long firstSeq() {
    return firstSeq;
  }

  String firstPrev() {
    return firstPrev;
  }

  String firstTime() {
    return firstTime;
  }
}
