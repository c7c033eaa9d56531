package dev.mcpfirewall.integrity;

import io.vertx.core.json.JsonObject;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Where pin changes are recorded for the audit trail: tools pinned, changes detected, approvals and
 * rejections, each with who did it. {@link #LOG} writes them to the admin-actions log.
 */
@FunctionalInterface
public interface PinEvents {

  /** Records to the {@code dev.mcpfirewall.admin.actions} log. */
  PinEvents LOG =
      new PinEvents() {
        private final Logger log = LoggerFactory.getLogger("dev.mcpfirewall.admin.actions");

        @Override
        public void record(String action, String actor, JsonObject details) {
          log.info("{} by {}: {}", action, actor, details.encode());
        }
      };

  /**
   * @param action e.g. {@code tool.pinned}, {@code tool.changed}, {@code tool.approved}
   * @param actor a principal id, or {@code firewall} for what the firewall did itself
   * @param details upstream, tool, hashes, the diff
   */
  void record(String action, String actor, JsonObject details);
}
