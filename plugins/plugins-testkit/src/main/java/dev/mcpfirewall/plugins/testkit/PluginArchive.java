package dev.mcpfirewall.plugins.testkit;

import dev.mcpfirewall.plugins.api.PluginApi;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

/**
 * Builds a PF4J plugin archive the firewall loads from its plugins directory, in the zip layout:
 *
 * <pre>
 * plugin.properties            plugin.id, plugin.version, plugin.requires, ...
 * classes/...                  the plugin's classes
 * classes/META-INF/extensions.idx   the @Extension classes, one per line
 * lib/*.jar                    the plugin's own dependencies
 * </pre>
 *
 * Like PF4J's own {@code PluginZip.Builder}, for tests: build an archive in a temp directory and
 * point a firewall at it.
 *
 * <pre>{@code
 * Path zip = PluginArchive.builder("acme-detectors", "1.2.0")
 *     .requires(">=1.0.0")
 *     .extension(AcmeDetector.class)
 *     .writeZip(tempDir.resolve("acme-detectors-1.2.0.zip"));
 * }</pre>
 */
public final class PluginArchive {
  private final String id;
  private final String version;
  private String requires = ">=" + PluginApi.VERSION;
  private String description = "";
  private String provider = "";
  private final Set<String> extensions = new LinkedHashSet<>();
  private final Map<String, byte[]> files = new LinkedHashMap<>();

  private PluginArchive(String id, String version) {
    this.id = id;
    this.version = version;
  }

  /** Starts an archive; {@code Plugin-Requires} defaults to {@code >=} this API's version. */
  public static PluginArchive builder(String pluginId, String version) {
    return new PluginArchive(pluginId, version);
  }

  /** The plugin API range the plugin needs, e.g. {@code ">=1.0.0 & <2.0.0"}. */
  public PluginArchive requires(String range) {
    this.requires = range;
    return this;
  }

  public PluginArchive description(String text) {
    this.description = text;
    return this;
  }

  public PluginArchive provider(String name) {
    this.provider = name;
    return this;
  }

  /** Adds an {@code @Extension} class (and its nested classes) and lists it in the index. */
  public PluginArchive extension(Class<?> type) {
    extensions.add(type.getName());
    return classes(type);
  }

  /** Adds classes (and their nested and anonymous classes) under {@code classes/}. */
  public PluginArchive classes(Class<?>... types) {
    for (Class<?> type : types) {
      String resource = type.getName().replace('.', '/') + ".class";
      files.put("classes/" + resource, bytes(type, resource));
      nested(type, resource);
    }
    return this;
  }

  /** Adds any file, e.g. {@code classes/rules/default.toml}. */
  public PluginArchive file(String path, byte[] content) {
    files.put(path, content.clone());
    return this;
  }

  /** Adds a dependency jar under {@code lib/}. */
  public PluginArchive lib(Path jar) {
    try {
      files.put("lib/" + jar.getFileName(), Files.readAllBytes(jar));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return this;
  }

  /** Writes the zip (parent directories are created) and returns its path. */
  public Path writeZip(Path target) {
    try {
      if (target.getParent() != null) {
        Files.createDirectories(target.getParent());
      }
      try (OutputStream out = Files.newOutputStream(target);
          ZipOutputStream zip = new ZipOutputStream(out)) {
        put(zip, "plugin.properties", properties().getBytes(StandardCharsets.ISO_8859_1));
        if (!extensions.isEmpty()) {
          put(
              zip,
              "classes/META-INF/extensions.idx",
              (String.join("\n", extensions) + "\n").getBytes(StandardCharsets.UTF_8));
        }
        for (Map.Entry<String, byte[]> file : files.entrySet()) {
          put(zip, file.getKey(), file.getValue());
        }
      }
      return target;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private String properties() {
    return "plugin.id="
        + id
        + "\nplugin.version="
        + version
        + "\nplugin.requires="
        + requires
        + "\nplugin.description="
        + description
        + "\nplugin.provider="
        + provider
        + "\n";
  }

  private static void put(ZipOutputStream zip, String name, byte[] content) throws IOException {
    ZipEntry entry = new ZipEntry(name);
    entry.setTime(0);
    zip.putNextEntry(entry);
    zip.write(content);
    zip.closeEntry();
  }

  private static byte[] bytes(Class<?> type, String resource) {
    ClassLoader loader = type.getClassLoader();
    try (InputStream in = loader.getResourceAsStream(resource)) {
      if (in == null) {
        throw new IllegalArgumentException("no class file for " + type.getName());
      }
      return in.readAllBytes();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * Classes compiled next to {@code type} as {@code Type$...}: nested, anonymous, lambdas' hosts.
   */
  private void nested(Class<?> type, String resource) {
    URL url = type.getClassLoader().getResource(resource);
    if (url == null || !"file".equals(url.getProtocol())) {
      return;
    }
    try {
      Path file = Path.of(url.toURI());
      String prefix = file.getFileName().toString().replace(".class", "$");
      String packagePath =
          resource.contains("/") ? resource.substring(0, resource.lastIndexOf('/') + 1) : "";
      try (DirectoryStream<Path> siblings =
          Files.newDirectoryStream(file.getParent(), prefix + "*.class")) {
        for (Path sibling : siblings) {
          files.put("classes/" + packagePath + sibling.getFileName(), Files.readAllBytes(sibling));
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (URISyntaxException e) {
      throw new IllegalArgumentException(e);
    }
  }
}
