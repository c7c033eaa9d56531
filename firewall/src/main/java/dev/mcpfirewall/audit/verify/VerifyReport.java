package dev.mcpfirewall.audit.verify;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.List;

/**
 * What {@link ChainVerifier} found: intact or not, the first breach and all of them, and what the
 * chain covers.
 *
 * @param breaches every breach found, the first one first (empty when intact)
 * @param warnings things worth knowing that are not breaches (an untrusted key, a torn last line,
 *     records after the last checkpoint)
 */
public record VerifyReport(
    String directory,
    String node,
    long records,
    int segments,
    long firstSeq,
    long lastSeq,
    String firstTime,
    String lastTime,
    int checkpoints,
    long lastCheckpointSeq,
    long unanchoredRecords,
    boolean keyTrusted,
    String keyFingerprint,
    List<Breach> breaches,
    List<String> warnings) {

  public boolean intact() {
    return breaches.isEmpty();
  }

  public JsonObject toJson() {
    JsonObject json =
        new JsonObject()
            .put("intact", intact())
            .put("directory", directory)
            .put("node", node)
            .put("records", records)
            .put("segments", segments)
            .put("firstSeq", firstSeq)
            .put("lastSeq", lastSeq)
            .put("firstTime", firstTime)
            .put("lastTime", lastTime)
            .put("checkpoints", checkpoints)
            .put("lastCheckpointSeq", lastCheckpointSeq)
            .put("unanchoredRecords", unanchoredRecords)
            .put("keyTrusted", keyTrusted)
            .put("keyFingerprint", keyFingerprint);
    if (!breaches.isEmpty()) {
      json.put("firstBreach", breaches.get(0).toJson());
    }
    JsonArray all = new JsonArray();
    breaches.forEach(b -> all.add(b.toJson()));
    json.put("breaches", all);
    json.put("warnings", new JsonArray(warnings));
    return json;
  }
}
