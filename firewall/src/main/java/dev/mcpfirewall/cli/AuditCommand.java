package dev.mcpfirewall.cli;

import dev.mcpfirewall.audit.redact.PayloadCommitment;
import dev.mcpfirewall.audit.store.NodeKey;
import dev.mcpfirewall.audit.store.Segments;
import dev.mcpfirewall.audit.verify.Breach;
import dev.mcpfirewall.audit.verify.ChainVerifier;
import dev.mcpfirewall.audit.verify.VerifyReport;
import dev.mcpfirewall.config.AuditConfig;
import dev.mcpfirewall.config.ConfigLoader;
import io.vertx.core.json.JsonObject;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.PublicKey;
import java.util.HexFormat;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code mcp-firewall audit}: offline work on an audit directory. {@code verify} checks a node's
 * chain and checkpoints; {@code pubkey} prints the node's checkpoint public key; {@code prove}
 * shows that an original payload is the one a record committed to.
 */
@Command(
    name = "audit",
    mixinStandardHelpOptions = true,
    description =
        "Verify an audit directory offline, export the node's public key, prove payloads.",
    subcommands = {
      AuditCommand.Verify.class,
      AuditCommand.PublicKeyCommand.class,
      AuditCommand.Prove.class
    })
public final class AuditCommand implements Runnable {
  @Spec CommandLine.Model.CommandSpec spec;

  @Override
  public void run() {
    spec.commandLine().usage(spec.commandLine().getOut());
  }

  /** {@code audit verify DIR}. */
  @Command(
      name = "verify",
      mixinStandardHelpOptions = true,
      description = {
        "Verify a node's audit directory offline: record hashes, links, sequence, segments,"
            + " signed checkpoints, truncation, and (with --anchor or --min-seq) rollback.",
        "Exit 0 when intact, 1 on any breach, 2 on bad usage.",
        "Example: mcp-firewall audit verify /var/lib/mcp-firewall/audit --key node.pub --json"
      })
  static final class Verify implements Callable<Integer> {
    @Spec CommandLine.Model.CommandSpec spec;

    @Parameters(index = "0", paramLabel = "DIR", description = "the node's audit directory")
    Path dir;

    @Option(
        names = "--key",
        paramLabel = "PUBKEY",
        description =
            "the node's public key (PEM, from 'audit pubkey' or GET /admin/api/audit/pubkey);"
                + " without it the directory's own node-key.pub is used, which an attacker who"
                + " rewrote the directory could have replaced")
    Path key;

    @Option(
        names = "--anchor",
        paramLabel = "FILE",
        description =
            "a checkpoint line kept outside the node (GET /admin/api/audit/checkpoint, or the"
                + " SIEM's copy): the directory must still hold it, else an older copy was restored")
    Path anchor;

    @Option(
        names = "--min-seq",
        paramLabel = "N",
        description = "the chain must reach at least this sequence number")
    long minSeq;

    @Option(names = "--json", description = "print the report as JSON")
    boolean json;

    @Override
    public Integer call() throws IOException {
      PrintWriter out = spec.commandLine().getOut();
      PrintWriter err = spec.commandLine().getErr();
      VerifyReport report;
      try {
        Optional<PublicKey> trusted = Optional.empty();
        if (key != null) {
          trusted =
              Optional.of(
                  NodeKey.readPublic(
                      Files.readString(key, StandardCharsets.US_ASCII), key.toString()));
        }
        Optional<String> anchorLine =
            anchor == null
                ? Optional.empty()
                : Optional.of(Files.readString(anchor, StandardCharsets.UTF_8).strip());
        report = ChainVerifier.verify(dir, new ChainVerifier.Options(trusted, anchorLine, minSeq));
      } catch (IllegalArgumentException | java.nio.file.NoSuchFileException e) {
        err.println(
            "mcp-firewall audit verify: "
                + (e instanceof java.nio.file.NoSuchFileException ? "no such file: " : "")
                + e.getMessage());
        return CliErrors.EXIT_USAGE;
      }
      if (json) {
        out.println(report.toJson().encodePrettily());
      } else {
        print(out, report);
      }
      out.flush();
      return report.intact() ? 0 : CliErrors.EXIT_FAILURE;
    }

    private static void print(PrintWriter out, VerifyReport r) {
      if (r.intact()) {
        out.println(
            "INTACT: "
                + r.records()
                + " records (seq "
                + r.firstSeq()
                + ".."
                + r.lastSeq()
                + ") of node "
                + r.node()
                + " in "
                + r.segments()
                + " segment(s), "
                + r.checkpoints()
                + " signed checkpoint(s)");
      } else {
        Breach first = r.breaches().get(0);
        out.println(
            "BREACH: "
                + first.kind()
                + ": "
                + first.message()
                + (first.file() != null
                    ? " (" + first.file() + (first.line() > 0 ? ", line " + first.line() : "") + ")"
                    : ""));
        if (r.breaches().size() > 1) {
          out.println("  and " + (r.breaches().size() - 1) + " more breach(es); see --json");
        }
      }
      out.println("covers " + r.firstTime() + " to " + r.lastTime());
      out.println(
          "key "
              + r.keyFingerprint()
              + (r.keyTrusted() ? " (given with --key)" : " (the directory's own: not trusted)"));
      r.warnings().forEach(w -> out.println("warning: " + w));
    }
  }

  /** {@code audit pubkey}. */
  @Command(
      name = "pubkey",
      mixinStandardHelpOptions = true,
      description = {
        "Print the node's audit checkpoint public key (PEM) for verifiers.",
        "Example: mcp-firewall audit pubkey --config mcp-firewall.yaml > node.pub"
      })
  static final class PublicKeyCommand implements Callable<Integer> {
    @Spec CommandLine.Model.CommandSpec spec;

    @Option(
        names = "--config",
        paramLabel = "FILE",
        description = "the node's configuration (its audit.signingKey)")
    Path config;

    @Option(
        names = "--signing-key",
        paramLabel = "FILE",
        description = "the signing key file itself, instead of --config")
    Path signingKey;

    @Override
    public Integer call() throws IOException {
      Path file = signingKeyFile(config, signingKey, spec);
      if (!Files.exists(file)) {
        spec.commandLine()
            .getErr()
            .println(
                "mcp-firewall audit pubkey: "
                    + file
                    + " does not exist; the node creates it on its first start");
        return CliErrors.EXIT_USAGE;
      }
      spec.commandLine().getOut().print(NodeKey.loadOrCreate(file).publicPem());
      spec.commandLine().getOut().flush();
      return 0;
    }
  }

  private static Path signingKeyFile(
      Path config, Path explicit, CommandLine.Model.CommandSpec spec) {
    if (explicit != null) {
      return explicit;
    }
    if (config == null) {
      throw new CommandLine.ParameterException(
          spec.commandLine(), "pass --config FILE or --signing-key FILE");
    }
    return new ConfigLoader(System.getenv()).load(config).audit().signingKey();
  }

  /** {@code audit prove}. */
  @Command(
      name = "prove",
      mixinStandardHelpOptions = true,
      description = {
        "Show that FILE holds the original payload a record committed to, and print the record's"
            + " salt so anyone can check the commitment themselves:"
            + " sha256(salt || canonical JSON of the payload).",
        "Needs the node's commitment key (audit.commitmentKey, from --config).",
        "Exit 0 when the payload matches, 1 when it does not, 2 on bad usage.",
        "Example: mcp-firewall audit prove /var/lib/mcp-firewall/audit --seq 42 --payload"
            + " original.json --config mcp-firewall.yaml"
      })
  static final class Prove implements Callable<Integer> {
    @Spec CommandLine.Model.CommandSpec spec;

    @Parameters(index = "0", paramLabel = "DIR", description = "the node's audit directory")
    Path dir;

    @Option(names = "--seq", required = true, paramLabel = "N", description = "the record")
    long seq;

    @Option(
        names = "--payload",
        required = true,
        paramLabel = "FILE",
        description = "the original JSON-RPC message, as JSON")
    Path payload;

    @Option(names = "--config", paramLabel = "FILE", description = "the node's configuration")
    Path config;

    @Option(
        names = "--commitment-key",
        paramLabel = "FILE",
        description = "the commitment key file itself, instead of --config")
    Path commitmentKey;

    @Override
    public Integer call() throws IOException {
      PrintWriter out = spec.commandLine().getOut();
      Path keyFile = commitmentKey;
      if (keyFile == null) {
        if (config == null) {
          throw new CommandLine.ParameterException(
              spec.commandLine(), "pass --config FILE or --commitment-key FILE");
        }
        AuditConfig audit = new ConfigLoader(System.getenv()).load(config).audit();
        keyFile = audit.commitmentKey();
      }
      JsonObject record = find(dir, seq);
      if (record == null || record.getJsonObject("commitment") == null) {
        spec.commandLine()
            .getErr()
            .println(
                "mcp-firewall audit prove: no record seq " + seq + " with a commitment in " + dir);
        return CliErrors.EXIT_USAGE;
      }
      JsonObject commitment = record.getJsonObject("commitment");
      byte[] salt = PayloadCommitment.loadOrCreate(keyFile).salt(commitment.getString("nonce"));
      Object original = new JsonObject(Files.readString(payload, StandardCharsets.UTF_8));
      String digest = PayloadCommitment.digest(salt, original);
      boolean match = digest.equals(commitment.getString("digest"));
      out.println(match ? "MATCH" : "NO MATCH");
      out.println("salt " + HexFormat.of().formatHex(salt));
      out.println(
          "digest "
              + digest
              + (match ? "" : " (record has " + commitment.getString("digest") + ")"));
      out.flush();
      return match ? 0 : CliErrors.EXIT_FAILURE;
    }

    private static JsonObject find(Path dir, long seq) throws IOException {
      for (Path segment : Segments.list(dir)) {
        try (BufferedReader reader = Files.newBufferedReader(segment, StandardCharsets.UTF_8)) {
          String line;
          while ((line = reader.readLine()) != null) {
            JsonObject record = new JsonObject(line);
            if (record.getLong("seq", 0L) == seq) {
              return record;
            }
          }
        }
      }
      return null;
    }
  }
}
