package dev.mcpfirewall.testpeers;

import dev.mcpfirewall.demo.DemoUpstream;
import java.util.List;

/**
 * The demo upstream (an MCP Java SDK server) speaking stdio, as a child process the firewall
 * starts. Logging goes to stderr: stdout carries the protocol.
 */
public final class SdkStdioUpstream {
  private SdkStdioUpstream() {}

  public static void main(String[] args) throws InterruptedException {
    DemoUpstream.serveStdio();
    // The SDK reads stdin on its own threads and exits the process when stdin closes.
    Thread.currentThread().join();
  }

  /** The command line that starts this class with the test classpath. */
  public static List<String> command() {
    return List.of(
        System.getProperty("java.home") + "/bin/java",
        "-Dlogback.configurationFile=logback.xml",
        "-cp",
        System.getProperty("java.class.path"),
        SdkStdioUpstream.class.getName());
  }
}
