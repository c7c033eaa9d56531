package dev.mcpfirewall.detect.host;

import dev.mcpfirewall.plugins.api.Detector;

/**
 * A detector extension found by the host.
 *
 * @param id the detector's id
 * @param origin {@code bundled} for classpath extensions, else {@code pluginId@version}
 * @param detector the extension instance
 */
public record InstalledDetector(String id, String origin, Detector detector) {
  public static final String BUNDLED = "bundled";
}
