package dev.mcpfirewall.auth.apikey;

/** Where a key was declared, which decides who may change it. */
public enum KeySource {
  /** In the configuration file ({@code auth.apiKeys}); changed only by editing the file. */
  CONFIG("config"),
  /** Created at run time (admin API) and kept in the key store; revocable and rotatable. */
  RUNTIME("runtime");

  private final String label;

  KeySource(String label) {
    this.label = label;
  }

  /** {@code config} or {@code runtime}, as shown in listings. */
  public String label() {
    return label;
  }
}
