package dev.mcpfirewall.config;

import static dev.mcpfirewall.config.PlainValues.bool;
import static dev.mcpfirewall.config.PlainValues.duration;
import static dev.mcpfirewall.config.PlainValues.integer;
import static dev.mcpfirewall.config.PlainValues.object;
import static dev.mcpfirewall.config.PlainValues.path;
import static dev.mcpfirewall.config.PlainValues.stringMap;

import java.net.URI;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Binds and checks the {@code audit} section. The check names the offending path in the file, as
 * every rule does, for what the schema cannot say: a retention below the minimum without the
 * explicitly named override.
 */
final class AuditSection {
  private AuditSection() {}

  static void check(Map<?, ?> root, List<ConfigProblem> problems) {
    if (!(root.get("audit") instanceof Map<?, ?> audit)) {
      return;
    }
    if (audit.get("retentionDays") instanceof Integer days
        && days < AuditConfig.MINIMUM_RETENTION_DAYS
        && !Boolean.TRUE.equals(audit.get("allowRetentionBelowMinimum"))) {
      problems.add(
          new ConfigProblem(
              "/audit/retentionDays",
              "must be at least "
                  + AuditConfig.MINIMUM_RETENTION_DAYS
                  + " days (six months, as the EU AI Act asks); set"
                  + " audit.allowRetentionBelowMinimum: true to keep less",
              false));
    }
    if (audit.get("siem") instanceof Map<?, ?> siem
        && siem.get("webhook") instanceof Map<?, ?> webhook) {
      ConfigRules.checkUrl(
          webhook.get("url"),
          "/audit/siem/webhook/url",
          "https://siem.example.com/ingest",
          problems);
    }
  }

  static AuditConfig bind(Map<String, Object> root, Optional<Path> directory, Path dataDir) {
    AuditConfig d = AuditConfig.defaults(dataDir);
    if (!(root.get("audit") instanceof Map<?, ?>)) {
      return d;
    }
    Map<String, Object> audit = object(root, "audit");
    Map<String, Object> group = object(audit, "groupCommit");
    Map<String, Object> payloads = object(audit, "payloads");
    Map<String, Object> siem = object(audit, "siem");
    Optional<AlertsConfig.Webhook> webhook =
        Optional.ofNullable(siem.get("webhook"))
            .map(w -> PlainValues.asObject(w))
            .map(
                w ->
                    new AlertsConfig.Webhook(
                        URI.create((String) w.get("url")), stringMap(w.get("headers"))));
    Optional<AuditConfig.Syslog> syslog =
        Optional.ofNullable(siem.get("syslog"))
            .map(s -> PlainValues.asObject(s))
            .map(
                s ->
                    new AuditConfig.Syslog(
                        (String) s.get("host"),
                        integer(s.get("port"), 514),
                        "tcp".equals(s.get("protocol"))));
    return new AuditConfig(
        bool(audit.get("enabled"), true),
        Optional.ofNullable((String) audit.get("dir")).map(p -> path(p, directory)).orElse(d.dir()),
        Optional.ofNullable((String) audit.get("nodeId")),
        Optional.ofNullable((String) audit.get("signingKey"))
            .map(p -> path(p, directory))
            .orElse(d.signingKey()),
        Optional.ofNullable((String) audit.get("commitmentKey"))
            .map(p -> path(p, directory))
            .orElse(d.commitmentKey()),
        AuditConfig.Durability.valueOf(
            ((String) audit.getOrDefault("durability", "fsync")).toUpperCase(Locale.ROOT)),
        integer(group.get("maxRecords"), AuditConfig.DEFAULT_MAX_RECORDS),
        group.containsKey("maxDelay")
            ? duration(group.get("maxDelay"), java.time.Duration.ZERO)
            : java.time.Duration.ZERO,
        audit.get("segmentBytes") instanceof Number n
            ? n.longValue()
            : AuditConfig.DEFAULT_SEGMENT_BYTES,
        duration(audit.get("checkpointInterval"), AuditConfig.DEFAULT_CHECKPOINT_INTERVAL),
        integer(audit.get("checkpointRecords"), (int) AuditConfig.DEFAULT_CHECKPOINT_RECORDS),
        integer(audit.get("retentionDays"), AuditConfig.DEFAULT_RETENTION_DAYS),
        bool(audit.get("legalHold"), false),
        duration(audit.get("purgeInterval"), AuditConfig.DEFAULT_PURGE_INTERVAL),
        new AuditConfig.Payloads(
            bool(payloads.get("capture"), true),
            integer(payloads.get("maxBytes"), AuditConfig.Payloads.DEFAULT_MAX_BYTES)),
        new AuditConfig.Siem(
            webhook,
            syslog,
            integer(siem.get("queueCapacity"), AuditConfig.Siem.DEFAULT_QUEUE_CAPACITY)));
  }
}
