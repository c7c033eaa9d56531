package dev.mcpfirewall.audit;

import dev.mcpfirewall.admin.AdminAuditor;
import dev.mcpfirewall.config.ConfigFingerprint;
import dev.mcpfirewall.config.FirewallConfig;
import dev.mcpfirewall.storage.OwnerOnlyFiles;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Records the configuration a node starts with in the audit trail, and what changed since the
 * previous start: roles, policies, keys, upstreams and every other section are changed by editing
 * the file and restarting, so this is where such changes become admin actions. Each start writes
 * {@code config.loaded} (the file and a hash per top-level section); a start whose file differs
 * from the previous one also writes {@code config.changed}, naming the sections that changed with
 * their hashes before and after. No value is ever written: the file may hold secrets.
 */
public final class ConfigHistory {
  /** The previous start's fingerprint, in the data directory. */
  public static final String FILE_NAME = "config-fingerprint.json";

  private ConfigHistory() {}

  /** Compares, records and remembers, on a worker thread. */
  public static Future<Void> record(Vertx vertx, FirewallConfig config, AdminAuditor auditor) {
    Path file = config.dataDir().resolve(FILE_NAME);
    return vertx
        .executeBlocking(
            () -> {
              ConfigFingerprint now = ConfigFingerprint.of(config);
              ConfigFingerprint before =
                  Files.exists(file)
                      ? ConfigFingerprint.fromJson(
                          new JsonObject(Files.readString(file, StandardCharsets.UTF_8)))
                      : null;
              OwnerOnlyFiles.replace(file, now.toJson().encodePrettily() + "\n");
              return new ConfigFingerprint[] {before, now};
            })
        .compose(
            pair -> {
              ConfigFingerprint before = pair[0];
              ConfigFingerprint now = pair[1];
              Future<Void> loaded =
                  auditor.adminAction(null, "config.loaded", now.toJson().put("actor", "firewall"));
              if (before == null) {
                return loaded;
              }
              List<String> changed = now.changedSince(before);
              if (changed.isEmpty() && before.source().equals(now.source())) {
                return loaded;
              }
              JsonObject beforeHashes = new JsonObject();
              JsonObject afterHashes = new JsonObject();
              for (String section : changed) {
                beforeHashes.put(section, before.sections().get(section));
                afterHashes.put(section, now.sections().get(section));
              }
              return loaded.compose(
                  v ->
                      auditor.adminAction(
                          null,
                          "config.changed",
                          new JsonObject()
                              .put("actor", "firewall")
                              .put("source", now.source())
                              .put("previousSource", before.source())
                              .put("sections", new JsonArray(changed))
                              .put("before", beforeHashes)
                              .put("after", afterHashes)));
            });
  }
}
