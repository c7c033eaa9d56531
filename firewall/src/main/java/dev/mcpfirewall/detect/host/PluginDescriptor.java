package dev.mcpfirewall.detect.host;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.Properties;
import java.util.jar.Attributes;
import java.util.jar.Manifest;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;

/**
 * The identity a plugin archive declares, read before anything of it is loaded: from {@code
 * plugin.properties} at the archive's root (PF4J's zip layout) or from the manifest's {@code
 * Plugin-*} attributes (PF4J's jar layout).
 *
 * @param id {@code plugin.id} / {@code Plugin-Id}
 * @param version {@code plugin.version} / {@code Plugin-Version}
 * @param requires {@code plugin.requires} / {@code Plugin-Requires}; {@code "*"} when absent
 */
public record PluginDescriptor(String id, String version, String requires) {

  /**
   * @throws PluginRefusal when the archive cannot be read or declares no id or version
   */
  public static PluginDescriptor read(Path archive) {
    try (ZipFile zip = new ZipFile(archive.toFile())) {
      ZipEntry properties = zip.getEntry("plugin.properties");
      if (properties != null) {
        Properties p = new Properties();
        try (InputStream in = zip.getInputStream(properties)) {
          p.load(in);
        }
        return of(
            archive,
            p.getProperty("plugin.id"),
            p.getProperty("plugin.version"),
            p.getProperty("plugin.requires"));
      }
      ZipEntry manifestEntry = zip.getEntry("META-INF/MANIFEST.MF");
      if (manifestEntry != null) {
        Manifest manifest;
        try (InputStream in = zip.getInputStream(manifestEntry)) {
          manifest = new Manifest(in);
        }
        Attributes a = manifest.getMainAttributes();
        return of(
            archive,
            a.getValue("Plugin-Id"),
            a.getValue("Plugin-Version"),
            a.getValue("Plugin-Requires"));
      }
      throw new PluginRefusal(
          archive.getFileName().toString(),
          "has neither plugin.properties nor a manifest with Plugin-Id: not a plugin archive");
    } catch (IOException e) {
      throw new PluginRefusal(
          archive.getFileName().toString(), "cannot be read as a zip or jar archive: " + e);
    }
  }

  private static PluginDescriptor of(Path archive, String id, String version, String requires) {
    if (id == null || id.isBlank() || version == null || version.isBlank()) {
      throw new PluginRefusal(
          archive.getFileName().toString(),
          "declares no plugin id or version (plugin.id/plugin.version or Plugin-Id/Plugin-Version)");
    }
    return new PluginDescriptor(
        id.trim(), version.trim(), requires == null || requires.isBlank() ? "*" : requires.trim());
  }
}
