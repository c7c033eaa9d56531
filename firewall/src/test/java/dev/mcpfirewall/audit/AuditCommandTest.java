package dev.mcpfirewall.audit;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mcpfirewall.alert.MutableClock;
import dev.mcpfirewall.audit.store.ChainWriter;
import dev.mcpfirewall.audit.store.NodeKey;
import dev.mcpfirewall.audit.store.Segments;
import dev.mcpfirewall.cli.FirewallCommand;
import io.vertx.core.json.JsonObject;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** {@code mcp-firewall audit verify} and {@code audit pubkey}: output and exit codes. */
class AuditCommandTest {
  @TempDir Path root;
  Path dir;
  Path key;
  Path pub;
  final StringWriter out = new StringWriter();
  final StringWriter err = new StringWriter();

  @BeforeEach
  void chain() throws Exception {
    dir = root.resolve("audit");
    key = root.resolve("audit.key");
    MutableClock clock = new MutableClock();
    ChainWriter writer = Chains.open(dir, key, clock);
    Chains.append(writer, clock, 30);
    Chains.await(writer.close());
    pub = root.resolve("node.pub");
    Files.writeString(pub, NodeKey.loadOrCreate(key).publicPem());
  }

  private int run(String... args) {
    CommandLine cli = FirewallCommand.commandLine();
    cli.setOut(new PrintWriter(out, true));
    cli.setErr(new PrintWriter(err, true));
    return cli.execute(args);
  }

  @Test
  void anIntactDirectoryExitsZeroAndSaysWhatItCovers() {
    assertThat(run("audit", "verify", dir.toString(), "--key", pub.toString())).isZero();
    assertThat(out.toString())
        .startsWith("INTACT: 31 records (seq 1..31)")
        .contains("covers 2026-01-05T");
  }

  @Test
  void aBreachExitsOneWithAJsonReportNamingTheFirstBreach() throws Exception {
    Path segment = Segments.list(dir).get(0);
    List<String> lines = Files.readAllLines(segment, StandardCharsets.UTF_8);
    lines.remove(4);
    Files.writeString(segment, String.join("\n", lines) + "\n");

    assertThat(run("audit", "verify", dir.toString(), "--key", pub.toString(), "--json"))
        .isEqualTo(1);
    JsonObject report = new JsonObject(out.toString());
    assertThat(report.getBoolean("intact")).isFalse();
    JsonObject first = report.getJsonObject("firstBreach");
    assertThat(first.getString("kind")).isEqualTo("sequence-gap");
    assertThat(first.getString("file")).isEqualTo(segment.getFileName().toString());
    assertThat(first.getLong("line")).isEqualTo(5);
    assertThat(first.getLong("seq")).isEqualTo(6);
  }

  @Test
  void withoutKeyItUsesTheDirectorysOwnAndWarns() {
    assertThat(run("audit", "verify", dir.toString())).isZero();
    assertThat(out.toString()).contains("not trusted").contains("warning:");
  }

  @Test
  void badUsageExitsTwo() {
    assertThat(run("audit", "verify", root.resolve("nope").toString())).isEqualTo(2);
    assertThat(err.toString()).contains("is not a directory");
    assertThat(run("audit", "verify")).isEqualTo(2);
    assertThat(
            run("audit", "verify", dir.toString(), "--key", root.resolve("missing.pub").toString()))
        .isEqualTo(2);
  }

  @Test
  void pubkeyPrintsTheKeyVerifiersTrust() throws Exception {
    assertThat(run("audit", "pubkey", "--signing-key", key.toString())).isZero();
    assertThat(out.toString()).isEqualTo(Files.readString(pub));
  }
}
