package dev.mcpfirewall.config;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;

/**
 * The audit trail's settings ({@code audit:} in the configuration file; see docs/audit.md).
 *
 * @param enabled whether anything is recorded
 * @param dir the node's audit directory
 * @param nodeId the node id in each record; empty to derive it from the signing key
 * @param signingKey the Ed25519 checkpoint key file
 * @param commitmentKey the payload commitment key file
 * @param durability when a record counts as durable
 * @param groupCommitMaxRecords most records per batch
 * @param groupCommitMaxDelay how long to wait for a fuller batch (zero: none)
 * @param segmentBytes segment roll size
 * @param checkpointInterval checkpoint at least this often
 * @param checkpointRecords ...and at least every this many records
 * @param retentionDays segments older than this are purged
 * @param legalHold suspends purging
 * @param purgeInterval how often retention is applied
 * @param payloads payload capture
 * @param siem the SIEM stream
 */
public record AuditConfig(
    boolean enabled,
    Path dir,
    Optional<String> nodeId,
    Path signingKey,
    Path commitmentKey,
    Durability durability,
    int groupCommitMaxRecords,
    Duration groupCommitMaxDelay,
    long segmentBytes,
    Duration checkpointInterval,
    long checkpointRecords,
    int retentionDays,
    boolean legalHold,
    Duration purgeInterval,
    Payloads payloads,
    Siem siem) {

  public static final String DEFAULT_DIR = "audit";
  public static final String DEFAULT_SIGNING_KEY = "audit-signing.key";
  public static final String DEFAULT_COMMITMENT_KEY = "audit-commitment.key";
  public static final int DEFAULT_MAX_RECORDS = 1024;
  public static final long DEFAULT_SEGMENT_BYTES = 64L * 1024 * 1024;
  public static final Duration DEFAULT_CHECKPOINT_INTERVAL = Duration.ofSeconds(30);
  public static final long DEFAULT_CHECKPOINT_RECORDS = 100_000;
  public static final int DEFAULT_RETENTION_DAYS = 190;

  /** Six months, as the EU AI Act asks; lower only with {@code allowRetentionBelowMinimum}. */
  public static final int MINIMUM_RETENTION_DAYS = 180;

  public static final Duration DEFAULT_PURGE_INTERVAL = Duration.ofHours(1);

  /** When a record counts as durable. */
  public enum Durability {
    FSYNC,
    OS
  }

  /**
   * @param capture record redacted payloads (else metadata and commitment only)
   * @param maxBytes larger redacted payloads are replaced by a note of their size
   */
  public record Payloads(boolean capture, int maxBytes) {
    public static final int DEFAULT_MAX_BYTES = 65_536;

    public static Payloads defaults() {
      return new Payloads(true, DEFAULT_MAX_BYTES);
    }
  }

  /**
   * @param webhook receives each record as a JSON POST
   * @param syslog receives each record as an RFC 5424 message
   * @param queueCapacity records waiting beyond this are dropped and counted
   */
  public record Siem(
      Optional<AlertsConfig.Webhook> webhook, Optional<Syslog> syslog, int queueCapacity) {
    public static final int DEFAULT_QUEUE_CAPACITY = 10_000;

    public static Siem none() {
      return new Siem(Optional.empty(), Optional.empty(), DEFAULT_QUEUE_CAPACITY);
    }
  }

  /** A syslog receiver. */
  public record Syslog(String host, int port, boolean tcp) {}

  /** Every default, under {@code dataDir}. */
  public static AuditConfig defaults(Path dataDir) {
    return new AuditConfig(
        true,
        dataDir.resolve(DEFAULT_DIR),
        Optional.empty(),
        dataDir.resolve(DEFAULT_SIGNING_KEY),
        dataDir.resolve(DEFAULT_COMMITMENT_KEY),
        Durability.FSYNC,
        DEFAULT_MAX_RECORDS,
        Duration.ZERO,
        DEFAULT_SEGMENT_BYTES,
        DEFAULT_CHECKPOINT_INTERVAL,
        DEFAULT_CHECKPOINT_RECORDS,
        DEFAULT_RETENTION_DAYS,
        false,
        DEFAULT_PURGE_INTERVAL,
        Payloads.defaults(),
        Siem.none());
  }

  /** A copy with another SIEM stream. */
  public AuditConfig withSiem(Siem replaced) {
    return new AuditConfig(
        enabled,
        dir,
        nodeId,
        signingKey,
        commitmentKey,
        durability,
        groupCommitMaxRecords,
        groupCommitMaxDelay,
        segmentBytes,
        checkpointInterval,
        checkpointRecords,
        retentionDays,
        legalHold,
        purgeInterval,
        payloads,
        replaced);
  }

  /** A copy with other retention settings. */
  public AuditConfig withRetention(int days, boolean hold) {
    return new AuditConfig(
        enabled,
        dir,
        nodeId,
        signingKey,
        commitmentKey,
        durability,
        groupCommitMaxRecords,
        groupCommitMaxDelay,
        segmentBytes,
        checkpointInterval,
        checkpointRecords,
        days,
        hold,
        purgeInterval,
        payloads,
        siem);
  }

  /** A copy with another durability mode and segment size. */
  public AuditConfig withStorage(Durability mode, long bytes, Duration checkpointEvery) {
    return new AuditConfig(
        enabled,
        dir,
        nodeId,
        signingKey,
        commitmentKey,
        mode,
        groupCommitMaxRecords,
        groupCommitMaxDelay,
        bytes,
        checkpointEvery,
        checkpointRecords,
        retentionDays,
        legalHold,
        purgeInterval,
        payloads,
        siem);
  }
}
