package dev.mcpfirewall.plugins.api;

import org.pf4j.ExtensionPoint;

/**
 * A detector: the extension point plugins implement, annotated with {@code @Extension}. It
 * describes itself (id, configuration schema) and, given its configuration, produces the {@link
 * Inspector} that does the work. The firewall calls {@link #configure} at load and again whenever
 * an admin changes the detector's configuration; the previous inspector keeps serving until the new
 * one is ready, so a detector never has to synchronise reconfiguration itself.
 *
 * <p>Lifecycle: the firewall creates the extension once per plugin load (it needs a public
 * no-argument constructor), reads {@link #id()} and {@link #configSchema()}, validates the admin's
 * configuration, and calls {@link #configure} on a worker thread. The returned {@link Inspector} is
 * called concurrently for every message until the next reconfiguration or plugin reload. See the
 * package documentation for a complete example.
 */
public interface Detector extends ExtensionPoint {

  /**
   * A stable, unique id, lowercase with dashes, e.g. {@code "secrets"} or {@code "acme-pii-plus"}.
   * Configuration, policy overrides, metrics and audit records refer to it.
   */
  String id();

  /**
   * The JSON Schema (draft 2020-12 unless it names another {@code $schema}) of this detector's
   * configuration object. The firewall validates configuration against it before calling {@link
   * #configure}, when config is loaded and whenever it is changed, so {@link #configure} can trust
   * its input's shape. The default accepts any object.
   */
  default String configSchema() {
    return "{\"type\":\"object\"}";
  }

  /**
   * Reads a configuration schema shipped in the plugin's jar, next to {@code owner}'s class file:
   * the usual way to implement {@link #configSchema()}.
   *
   * <pre>{@code
   * public String configSchema() {
   *   return Detector.schemaResource(getClass(), "acme.schema.json");
   * }
   * }</pre>
   *
   * @throws IllegalStateException when the resource is missing or unreadable (a packaging error)
   */
  static String schemaResource(Class<?> owner, String name) {
    try (java.io.InputStream in = owner.getResourceAsStream(name)) {
      if (in == null) {
        throw new IllegalStateException(
            "the configuration schema " + name + " is missing beside " + owner.getName());
      }
      return new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
    } catch (java.io.IOException e) {
      throw new IllegalStateException("cannot read the configuration schema " + name, e);
    }
  }

  /**
   * Builds an inspector for this configuration. May take time (compiling rules); never called on a
   * latency-critical thread.
   *
   * @throws IllegalArgumentException when the configuration is valid by the schema but unusable (a
   *     rule that does not compile, say); the message is shown to the admin
   */
  Inspector configure(DetectorContext context);
}
