package dev.mcpfirewall.detect.host;

/**
 * Why a plugin archive was not loaded: unsigned, signed by an untrusted certificate, built for a
 * newer plugin API, unreadable. The message names the archive and says what to do.
 */
public final class PluginRefusal extends RuntimeException {
  private final String archive;

  public PluginRefusal(String archive, String reason) {
    super("plugin archive '" + archive + "' " + reason, null, false, false);
    this.archive = archive;
  }

  /** The archive's file name. */
  public String archive() {
    return archive;
  }
}
