package dev.mcpfirewall.detect;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Runs {@code keytool} and {@code jarsigner} from the running JDK, for signed-plugin tests. */
final class JdkTools {

  private JdkTools() {}

  static void run(String tool, String... args) throws Exception {
    Path binary = Path.of(System.getProperty("java.home"), "bin", tool);
    if (!Files.isExecutable(binary)) {
      throw new AssertionError(
          "this test needs the JDK tool '" + tool + "' at " + binary + "; run it on a full JDK");
    }
    List<String> command = new ArrayList<>();
    command.add(binary.toString());
    command.addAll(List.of(args));
    Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
    String output = new String(process.getInputStream().readAllBytes());
    if (!process.waitFor(60, TimeUnit.SECONDS) || process.exitValue() != 0) {
      throw new AssertionError(tool + " failed: " + output);
    }
  }

  /** A PKCS12 key store with a fresh EC key pair under {@code alias}. */
  static Path keyPair(Path dir, String alias) throws Exception {
    Path store = dir.resolve(alias + "-signer.p12");
    run(
        "keytool",
        "-genkeypair",
        "-keystore",
        store.toString(),
        "-storetype",
        "PKCS12",
        "-storepass",
        "changeit",
        "-alias",
        alias,
        "-keyalg",
        "EC",
        "-dname",
        "CN=" + alias,
        "-validity",
        "30");
    return store;
  }

  /** A PKCS12 trust store holding the certificate of {@code alias} from {@code signer}. */
  static Path trustStore(Path dir, Path signer, String alias) throws Exception {
    Path certificate = dir.resolve(alias + ".cer");
    run(
        "keytool",
        "-exportcert",
        "-keystore",
        signer.toString(),
        "-storetype",
        "PKCS12",
        "-storepass",
        "changeit",
        "-alias",
        alias,
        "-file",
        certificate.toString());
    Path trust = dir.resolve("trust.p12");
    run(
        "keytool",
        "-importcert",
        "-noprompt",
        "-keystore",
        trust.toString(),
        "-storetype",
        "PKCS12",
        "-storepass",
        "changeit",
        "-alias",
        alias,
        "-file",
        certificate.toString());
    return trust;
  }

  static void sign(Path archive, Path signer, String alias) throws Exception {
    run(
        "jarsigner",
        "-keystore",
        signer.toString(),
        "-storetype",
        "PKCS12",
        "-storepass",
        "changeit",
        archive.toString(),
        alias);
  }
}
