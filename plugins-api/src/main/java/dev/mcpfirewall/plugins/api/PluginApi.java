package dev.mcpfirewall.plugins.api;

/**
 * The version of this plugin API, for the {@code Plugin-Requires} (manifest) or {@code
 * plugin.requires} (plugin.properties) declaration of a plugin.
 *
 * <p>The API follows semantic versioning: a minor version adds (a default method, a constant, a
 * value type), a major version may break. A plugin declares the range it was built against, e.g.
 * {@code Plugin-Requires: >=1.0.0 & <2.0.0} or simply {@code ^1.0}; the firewall refuses, with a
 * message naming both versions, a plugin that requires a version it does not provide.
 */
public final class PluginApi {

  /** The version of the API in this jar. */
  public static final String VERSION = "1.0.0";

  private PluginApi() {}
}
