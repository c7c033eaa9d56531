package dev.mcpfirewall.detect.host;

import java.util.List;
import org.pf4j.PluginManager;

/**
 * One generation of loaded plugins: the PF4J manager that owns their class loaders, the detectors
 * found (bundled and from archives), and the archives refused with why. A reload builds a new set
 * and closes the old one.
 *
 * @param loaded archives loaded, as {@code pluginId@version}
 */
public record PluginSet(
    PluginManager manager,
    List<InstalledDetector> detectors,
    List<String> loaded,
    List<PluginRefusal> refused) {

  public PluginSet {
    detectors = List.copyOf(detectors);
    loaded = List.copyOf(loaded);
    refused = List.copyOf(refused);
  }

  /** Stops the plugins and releases their class loaders. */
  public void close() {
    try {
      manager.stopPlugins();
      manager.unloadPlugins();
    } catch (RuntimeException e) {
      org.slf4j.LoggerFactory.getLogger(PluginSet.class)
          .warn("unloading plugins failed: {}", e.toString());
    }
  }
}
