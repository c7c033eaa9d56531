package dev.mcpfirewall.detect.host;

import dev.mcpfirewall.config.PluginsConfig;
import dev.mcpfirewall.plugins.api.Detector;
import dev.mcpfirewall.plugins.api.PluginApi;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.pf4j.DefaultPluginManager;
import org.pf4j.DefaultVersionManager;
import org.pf4j.PluginManager;
import org.pf4j.PluginState;
import org.pf4j.PluginWrapper;
import org.pf4j.RuntimeMode;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Finds detectors: bundled ones, which are {@code @Extension} classes on the firewall's own
 * classpath listed in a {@code META-INF/extensions.idx} (so adding a detector module as a
 * dependency is all it takes), and those in plugin archives (PF4J zips or jars) in the configured
 * directory. Archives are checked before anything of them is loaded: signature (when required),
 * descriptor, and {@code Plugin-Requires} against {@link PluginApi#VERSION}. Accepted archives are
 * copied into a fresh work directory per generation, so the plugins directory may be read-only and
 * a reload never sees half-extracted files. Blocking: call it on a worker.
 */
public final class PluginHost {
  private static final Logger log = LoggerFactory.getLogger(PluginHost.class);

  private final PluginsConfig config;
  private final Path workRoot;
  private final Optional<JarSignatures> signatures;
  private final AtomicInteger generation = new AtomicInteger();
  private final List<Detector> embedded;

  /**
   * @param workRoot where accepted archives are unpacked, e.g. {@code <dataDir>/plugins-work}
   * @throws IllegalArgumentException when signatures are required and the trust store is missing or
   *     unreadable
   */
  public PluginHost(PluginsConfig config, Path workRoot) {
    this(config, workRoot, List.of());
  }

  /**
   * @param embedded detectors handed over as objects (benchmarks, tests, an embedding application);
   *     origin {@code embedded}
   */
  public PluginHost(PluginsConfig config, Path workRoot, List<Detector> embedded) {
    this.embedded = List.copyOf(embedded);
    this.config = config;
    this.workRoot = workRoot;
    if (config.requireSignatures()) {
      this.signatures =
          Optional.of(
              JarSignatures.trusting(
                  config
                      .trustStore()
                      .orElseThrow(
                          () ->
                              new IllegalArgumentException(
                                  "plugins.requireSignatures is on but no plugins.trustStore is"
                                      + " configured"))));
    } else {
      this.signatures = Optional.empty();
    }
  }

  /** Loads bundled detectors and the archives in the plugin directory, as a new generation. */
  public PluginSet load() {
    List<PluginRefusal> refused = new ArrayList<>();
    Path work = workDirectory();
    List<Path> accepted = new ArrayList<>();
    for (Path archive : archives()) {
      try {
        signatures.ifPresent(s -> s.verify(archive));
        PluginDescriptor descriptor = PluginDescriptor.read(archive);
        checkRequires(archive, descriptor);
        Path copy = work.resolve(archive.getFileName());
        Files.copy(archive, copy, StandardCopyOption.REPLACE_EXISTING);
        accepted.add(copy);
      } catch (PluginRefusal refusal) {
        log.warn("{}", refusal.getMessage());
        refused.add(refusal);
      } catch (IOException e) {
        refused.add(new PluginRefusal(archive.getFileName().toString(), "cannot be copied: " + e));
      }
    }
    DefaultPluginManager manager =
        new DefaultPluginManager(work) {
          @Override
          public RuntimeMode getRuntimeMode() {
            return RuntimeMode.DEPLOYMENT;
          }
        };
    manager.setSystemVersion(PluginApi.VERSION);
    List<String> loaded = new ArrayList<>();
    if (!accepted.isEmpty()) {
      manager.loadPlugins();
      manager.startPlugins();
      for (PluginWrapper plugin : manager.getPlugins()) {
        String name = plugin.getPluginPath().getFileName().toString();
        if (plugin.getPluginState() != PluginState.STARTED) {
          Throwable failed = plugin.getFailedException();
          refused.add(
              new PluginRefusal(
                  name,
                  "did not start ("
                      + plugin.getPluginState()
                      + (failed == null ? "" : ": " + failed.getMessage())
                      + ")"));
        } else {
          loaded.add(plugin.getPluginId() + "@" + plugin.getDescriptor().getVersion());
        }
      }
    }
    List<InstalledDetector> detectors = new ArrayList<>();
    Set<String> ids = new HashSet<>();
    for (Detector detector : embedded) {
      if (ids.add(detector.id())) {
        detectors.add(new InstalledDetector(detector.id(), "embedded", detector));
      }
    }
    collect(manager, null, InstalledDetector.BUNDLED, detectors, ids, refused);
    for (PluginWrapper plugin : manager.getPlugins(PluginState.STARTED)) {
      collect(
          manager,
          plugin.getPluginId(),
          plugin.getPluginId() + "@" + plugin.getDescriptor().getVersion(),
          detectors,
          ids,
          refused);
    }
    log.info(
        "detectors found: {}; plugin archives loaded: {}; refused: {}",
        detectors.stream().map(d -> d.id() + " (" + d.origin() + ")").toList(),
        loaded,
        refused.size());
    return new PluginSet(manager, detectors, loaded, refused);
  }

  private void collect(
      PluginManager manager,
      String pluginId,
      String origin,
      List<InstalledDetector> into,
      Set<String> ids,
      List<PluginRefusal> refused) {
    for (Class<? extends Detector> type : manager.getExtensionClasses(Detector.class, pluginId)) {
      Detector detector;
      String id;
      try {
        detector = type.getDeclaredConstructor().newInstance();
        id = detector.id();
      } catch (Throwable e) {
        refused.add(
            new PluginRefusal(
                origin, "has a detector " + type.getName() + " that cannot be created: " + e));
        continue;
      }
      if (id == null || !id.matches("[a-z0-9][a-z0-9-]{0,63}")) {
        refused.add(
            new PluginRefusal(
                origin,
                "has a detector "
                    + type.getName()
                    + " whose id is not lowercase letters, digits and dashes: "
                    + id));
      } else if (!ids.add(id)) {
        refused.add(
            new PluginRefusal(
                origin, "has a detector with id '" + id + "', which another detector already has"));
      } else {
        into.add(new InstalledDetector(id, origin, detector));
      }
    }
  }

  private static void checkRequires(Path archive, PluginDescriptor descriptor) {
    boolean satisfied;
    try {
      satisfied =
          "*".equals(descriptor.requires())
              || new DefaultVersionManager()
                  .checkVersionConstraint(PluginApi.VERSION, descriptor.requires());
    } catch (RuntimeException e) {
      throw new PluginRefusal(
          archive.getFileName().toString(),
          "declares Plugin-Requires '" + descriptor.requires() + "', which is not a version range");
    }
    if (!satisfied) {
      throw new PluginRefusal(
          archive.getFileName().toString(),
          "(plugin '"
              + descriptor.id()
              + "' "
              + descriptor.version()
              + ") requires plugin API "
              + descriptor.requires()
              + ", but this firewall provides plugin API "
              + PluginApi.VERSION
              + ": upgrade the firewall or use a plugin release built for this API");
    }
  }

  private List<Path> archives() {
    if (config.directory().isEmpty() || !Files.isDirectory(config.directory().get())) {
      config
          .directory()
          .ifPresent(d -> log.warn("plugin directory {} does not exist; no plugins loaded", d));
      return List.of();
    }
    List<Path> archives = new ArrayList<>();
    try (DirectoryStream<Path> entries =
        Files.newDirectoryStream(config.directory().get(), "*.{zip,jar}")) {
      entries.forEach(archives::add);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    archives.sort(null);
    return archives;
  }

  private Path workDirectory() {
    try {
      Files.createDirectories(workRoot);
      Path work = workRoot.resolve("gen-" + generation.incrementAndGet());
      if (Files.exists(work)) {
        delete(work);
      }
      return Files.createDirectories(work);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot create plugin work directory under " + workRoot, e);
    }
  }

  /** Removes a previous generation's unpacked files. */
  public static void delete(Path directory) {
    if (!Files.exists(directory)) {
      return;
    }
    try (Stream<Path> walk = Files.walk(directory)) {
      walk.sorted(java.util.Comparator.reverseOrder())
          .forEach(
              p -> {
                try {
                  Files.deleteIfExists(p);
                } catch (IOException e) {
                  log.debug("cannot delete {}: {}", p, e.toString());
                }
              });
    } catch (IOException e) {
      log.debug("cannot clean {}: {}", directory, e.toString());
    }
  }
}
