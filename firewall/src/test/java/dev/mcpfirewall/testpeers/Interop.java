package dev.mcpfirewall.testpeers;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Where the npm-installed MCP peers live ({@code firewall/src/test/interop}). A missing install
 * fails the test with the command that fixes it; it never skips.
 */
public final class Interop {
  private Interop() {}

  /** {@code firewall/src/test/interop}, resolved from the module directory Maven runs tests in. */
  public static Path dir() {
    return Path.of("src", "test", "interop").toAbsolutePath();
  }

  /** A file inside the interop {@code node_modules}, which must exist. */
  public static Path module(String relative) {
    Path path = dir().resolve("node_modules").resolve(relative);
    if (!Files.exists(path)) {
      throw new IllegalStateException(
          "missing "
              + path
              + ": install the interop test peers with `npm ci --prefix firewall/src/test/interop`");
    }
    return path;
  }

  /** The system Node.js ({@code node} on the PATH), which runs the reference servers. */
  public static String node() {
    for (String dir : System.getenv().getOrDefault("PATH", "").split(java.io.File.pathSeparator)) {
      Path candidate = Path.of(dir, "node");
      if (Files.isExecutable(candidate)) {
        return candidate.toString();
      }
    }
    throw new IllegalStateException(
        "Node.js is required for the interop tests: install `node` (Debian package nodejs) and run"
            + " `npm ci --prefix firewall/src/test/interop`");
  }
}
