package dev.mcpfirewall.detect.host;

import dev.mcpfirewall.config.PluginsConfig.TrustStore;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.CodeSigner;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.util.ArrayList;
import java.util.Enumeration;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;

/**
 * Checks that a plugin archive (a jar, or a zip signed the same way with {@code jarsigner}) is
 * signed, entry by entry, by a certificate in the configured trust store. Every entry outside
 * {@code META-INF/} must be signed, so nothing can be added to a signed archive unnoticed; any
 * tampered entry fails verification while it is read.
 */
public final class JarSignatures {
  private final Set<Certificate> trusted;

  private JarSignatures(Set<Certificate> trusted) {
    this.trusted = trusted;
  }

  /**
   * Loads the trusted certificates.
   *
   * @throws IllegalArgumentException naming the store when it cannot be read or holds none
   */
  public static JarSignatures trusting(TrustStore store) {
    try (InputStream in = Files.newInputStream(store.path())) {
      KeyStore keys = KeyStore.getInstance(store.type());
      keys.load(in, store.password() == null ? null : store.password().toCharArray());
      Set<Certificate> certificates = new HashSet<>();
      for (Enumeration<String> aliases = keys.aliases(); aliases.hasMoreElements(); ) {
        String alias = aliases.nextElement();
        Certificate certificate = keys.getCertificate(alias);
        if (certificate != null) {
          certificates.add(certificate);
        }
      }
      if (certificates.isEmpty()) {
        throw new IllegalArgumentException(
            "plugin trust store " + store.path() + " holds no certificates");
      }
      return new JarSignatures(Set.copyOf(certificates));
    } catch (IOException | GeneralSecurityException e) {
      throw new IllegalArgumentException(
          "plugin trust store " + store.path() + " (" + store.type() + ") cannot be read: " + e);
    }
  }

  /**
   * @throws PluginRefusal when the archive is unsigned, partly signed, tampered with or signed by a
   *     certificate outside the trust store
   */
  public void verify(Path archive) {
    String name = archive.getFileName().toString();
    try (JarFile jar = new JarFile(archive.toFile(), true)) {
      List<JarEntry> entries = new ArrayList<>();
      byte[] buffer = new byte[8192];
      for (Enumeration<JarEntry> e = jar.entries(); e.hasMoreElements(); ) {
        JarEntry entry = e.nextElement();
        // Reading an entry to its end is what makes JarFile check its digest.
        try (InputStream in = jar.getInputStream(entry)) {
          while (in.read(buffer) >= 0) {
            // drain
          }
        }
        entries.add(entry);
      }
      boolean anySigned = false;
      for (JarEntry entry : entries) {
        if (entry.isDirectory() || entry.getName().startsWith("META-INF/")) {
          continue;
        }
        CodeSigner[] signers = entry.getCodeSigners();
        if (signers == null || signers.length == 0) {
          throw new PluginRefusal(
              name,
              anySigned || hasSignatureFiles(entries)
                  ? "has an entry not covered by its signature (" + entry.getName() + ")"
                  : "is not signed, and plugins.requireSignatures is on: sign it with jarsigner"
                      + " using a certificate in the plugin trust store");
        }
        anySigned = true;
        if (!trusted(signers)) {
          throw new PluginRefusal(
              name,
              "is signed by a certificate that is not in the plugin trust store ("
                  + subject(signers)
                  + ")");
        }
      }
      if (!anySigned) {
        throw new PluginRefusal(name, "is not signed and has no content");
      }
    } catch (SecurityException e) {
      throw new PluginRefusal(name, "fails signature verification (tampered?): " + e.getMessage());
    } catch (IOException e) {
      throw new PluginRefusal(name, "cannot be read to verify its signature: " + e);
    }
  }

  private static boolean hasSignatureFiles(List<JarEntry> entries) {
    return entries.stream()
        .anyMatch(e -> e.getName().startsWith("META-INF/") && e.getName().endsWith(".SF"));
  }

  private boolean trusted(CodeSigner[] signers) {
    for (CodeSigner signer : signers) {
      for (Certificate certificate : signer.getSignerCertPath().getCertificates()) {
        if (trusted.contains(certificate)) {
          return true;
        }
      }
    }
    return false;
  }

  private static String subject(CodeSigner[] signers) {
    Certificate first = signers[0].getSignerCertPath().getCertificates().get(0);
    return first instanceof java.security.cert.X509Certificate x
        ? x.getSubjectX500Principal().getName()
        : first.getType();
  }
}
