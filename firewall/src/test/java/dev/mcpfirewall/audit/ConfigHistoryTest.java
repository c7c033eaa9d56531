package dev.mcpfirewall.audit;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mcpfirewall.audit.api.AuditQuery;
import dev.mcpfirewall.audit.api.AuditSearch;
import dev.mcpfirewall.config.ConfigLoader;
import dev.mcpfirewall.config.FirewallConfig;
import dev.mcpfirewall.server.FirewallNode;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Configuration changes become admin actions: a node started twice on the same data directory, with
 * a role added to the file in between, records {@code config.loaded} each time and {@code
 * config.changed} naming the {@code policy} section, with hashes and no values.
 */
@Timeout(120)
class ConfigHistoryTest {
  private static final String SECRET_HEADER = "s3cr3t-webhook-value";

  @TempDir Path dir;

  private String yaml(String extraRole) {
    return """
        listen: {host: 127.0.0.1, port: 0}
        admin: {listen: {host: 127.0.0.1, port: 0}}
        dataDir: data
        upstreams:
          - name: notes
            url: http://127.0.0.1:9/mcp
        alerts:
          webhooks:
            - url: http://127.0.0.1:9/alerts
              headers: {X-Token: "%s"}
        policy:
          roles:
            - name: support
              upstreams: [notes]
              tools: ["search_*"]
        %s"""
        .formatted(SECRET_HEADER, extraRole);
  }

  private void runOnce(Path file) throws Exception {
    FirewallConfig config = new ConfigLoader(Map.of()).load(file);
    Vertx vertx = Vertx.vertx();
    try {
      FirewallNode node =
          FirewallNode.start(vertx, config, 1)
              .toCompletionStage()
              .toCompletableFuture()
              .get(30, TimeUnit.SECONDS);
      node.stop().toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
    } finally {
      vertx.close().toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
    }
  }

  @Test
  void aChangedSectionIsRecordedByNameWithoutItsValues() throws Exception {
    Path file = dir.resolve("fw.yaml");
    Files.writeString(file, yaml(""), StandardCharsets.UTF_8);
    runOnce(file);
    runOnce(file);
    Files.writeString(
        file,
        yaml(
            """
                - name: auditor
                  upstreams: ["*"]
                  tools: ["get_*"]
            """),
        StandardCharsets.UTF_8);
    runOnce(file);

    Path audit = dir.resolve("data").resolve("audit");
    List<JsonObject> actions =
        AuditSearch.search(
                audit,
                new AuditQuery(
                    Optional.empty(),
                    Optional.empty(),
                    Optional.empty(),
                    Optional.empty(),
                    Optional.empty(),
                    Optional.empty(),
                    Optional.of("admin")),
                0,
                1000)
            .lines()
            .stream()
            .map(JsonObject::new)
            .filter(r -> String.valueOf(r.getString("action")).startsWith("config."))
            .toList();
    assertThat(actions)
        .extracting(r -> r.getString("action"))
        .containsExactly("config.loaded", "config.loaded", "config.loaded", "config.changed");
    JsonObject changed = actions.get(3).getJsonObject("details");
    assertThat(changed.getJsonArray("sections").getList()).containsExactly("policy");
    assertThat(changed.getJsonObject("before").getString("policy"))
        .startsWith("sha256:")
        .isNotEqualTo(changed.getJsonObject("after").getString("policy"));

    try (Stream<Path> files = Files.walk(audit)) {
      for (Path f : files.filter(Files::isRegularFile).toList()) {
        assertThat(Files.readString(f, StandardCharsets.ISO_8859_1))
            .as(f.toString())
            .doesNotContain(SECRET_HEADER)
            .doesNotContain("auditor\"");
      }
    }
  }
}
