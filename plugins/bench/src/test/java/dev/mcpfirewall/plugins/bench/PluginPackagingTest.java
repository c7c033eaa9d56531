package dev.mcpfirewall.plugins.bench;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mcpfirewall.plugins.api.Detector;
import dev.mcpfirewall.plugins.api.Direction;
import dev.mcpfirewall.plugins.api.Finding;
import dev.mcpfirewall.plugins.pii.PiiDetector;
import dev.mcpfirewall.plugins.promptinjection.PromptInjectionDetector;
import dev.mcpfirewall.plugins.secrets.SecretsDetector;
import dev.mcpfirewall.plugins.toolpoisoning.ToolPoisoningDetector;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.jar.Attributes;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.pf4j.JarPluginManager;
import org.pf4j.PluginWrapper;

/**
 * The bundled detector jars are real PF4J plugins: loaded from a plugins directory by PF4J's own
 * manager, each contributes its {@code @Extension} through its own class loader; on the class path
 * the same jars list their detectors in {@code META-INF/extensions.idx}.
 */
class PluginPackagingTest {
  private static final Map<String, Class<? extends Detector>> DETECTORS =
      Map.of(
          "secrets", SecretsDetector.class,
          "prompt-injection", PromptInjectionDetector.class,
          "pii", PiiDetector.class,
          "tool-poisoning", ToolPoisoningDetector.class);

  @Test
  void eachJarLoadsAsAPluginArchiveThroughPf4j(@TempDir Path plugins) throws Exception {
    for (Map.Entry<String, Class<? extends Detector>> detector : DETECTORS.entrySet()) {
      pluginJar(
          detector.getKey(), detector.getValue(), plugins.resolve(detector.getKey() + ".jar"));
    }
    JarPluginManager manager = new JarPluginManager(plugins);
    manager.setSystemVersion("0.1.0");
    try {
      manager.loadPlugins();
      manager.startPlugins();
      assertThat(manager.getPlugins())
          .extracting(PluginWrapper::getPluginId)
          .containsExactlyInAnyOrderElementsOf(DETECTORS.keySet());
      for (String id : DETECTORS.keySet()) {
        List<Detector> extensions = manager.getExtensions(Detector.class, id);
        assertThat(extensions).as("extensions of plugin %s", id).hasSize(1);
        Detector detector = extensions.get(0);
        assertThat(detector.id()).isEqualTo(id);
        assertThat(detector.getClass().getClassLoader())
            .isSameAs(manager.getPlugin(id).getPluginClassLoader());
        assertThat(detector.configSchema()).contains("\"$schema\"");
      }
      Detector secrets = manager.getExtensions(Detector.class, "secrets").get(0);
      String key = "AKIA" + "QWERTZ2345UIOPAS";
      List<Finding> findings =
          secrets
              .configure(BundledChain.context())
              .inspect(BundledChain.inspection(Direction.OUTBOUND, "id " + key));
      assertThat(findings).extracting(Finding::rule).containsExactly("aws-access-key-id");
    } finally {
      manager.stopPlugins();
      manager.unloadPlugins();
    }
  }

  @Test
  void onTheClassPathTheExtensionIndexesListEveryDetector() throws IOException {
    List<String> indexed = new ArrayList<>();
    for (URL index :
        Collections.list(getClass().getClassLoader().getResources("META-INF/extensions.idx"))) {
      try (InputStream in = index.openStream()) {
        indexed.addAll(new String(in.readAllBytes(), StandardCharsets.UTF_8).lines().toList());
      }
    }
    assertThat(indexed).containsAll(DETECTORS.values().stream().map(Class::getName).toList());
  }

  /**
   * The module's jar as Maven built it; or, when the build put only the classes directory on the
   * class path (a reactor run before {@code package}), a jar of that directory with the same
   * manifest entries the build writes.
   */
  private static void pluginJar(String id, Class<?> detector, Path target) throws IOException {
    Path location;
    try {
      location = Path.of(detector.getProtectionDomain().getCodeSource().getLocation().toURI());
    } catch (java.net.URISyntaxException e) {
      throw new IOException(e);
    }
    if (Files.isRegularFile(location)) {
      Files.copy(location, target);
      return;
    }
    Manifest manifest = new Manifest();
    Attributes main = manifest.getMainAttributes();
    main.put(Attributes.Name.MANIFEST_VERSION, "1.0");
    main.putValue("Plugin-Id", id);
    main.putValue("Plugin-Version", "0.1.0");
    main.putValue("Plugin-Requires", ">=0.1.0");
    main.putValue("Plugin-Provider", "MCP Firewall");
    try (OutputStream file = Files.newOutputStream(target);
        JarOutputStream jar = new JarOutputStream(file, manifest);
        Stream<Path> files = Files.walk(location)) {
      for (Path path : files.filter(Files::isRegularFile).toList()) {
        jar.putNextEntry(new JarEntry(location.relativize(path).toString().replace('\\', '/')));
        Files.copy(path, jar);
        jar.closeEntry();
      }
    }
  }
}
