package dev.mcpfirewall.cli;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/** The {@code mcp-firewall} command run as a real child process, on the test classpath. */
final class CliProcess implements AutoCloseable {
  private final Process process;
  private final StringBuffer output = new StringBuffer();

  private CliProcess(Process process) {
    this.process = process;
    Thread reader =
        new Thread(
            () -> {
              try (BufferedReader lines =
                  new BufferedReader(
                      new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
                String line;
                while ((line = lines.readLine()) != null) {
                  synchronized (output) {
                    output.append(line).append('\n');
                    output.notifyAll();
                  }
                }
              } catch (IOException e) {
                // the process ended
              }
            },
            "cli-output");
    reader.setDaemon(true);
    reader.start();
  }

  static CliProcess start(String... args) throws IOException {
    List<String> command = new ArrayList<>();
    command.add(System.getProperty("java.home") + "/bin/java");
    command.add("-cp");
    command.add(System.getProperty("java.class.path"));
    command.add(FirewallCommand.class.getName());
    command.addAll(List.of(args));
    return new CliProcess(new ProcessBuilder(command).redirectErrorStream(true).start());
  }

  /** Waits until a line matching {@code match} was printed, and returns it. */
  String awaitLine(Predicate<String> match, long timeoutMillis) throws InterruptedException {
    long deadline = System.currentTimeMillis() + timeoutMillis;
    synchronized (output) {
      while (true) {
        for (String line : output.toString().split("\n")) {
          if (match.test(line)) {
            return line;
          }
        }
        long left = deadline - System.currentTimeMillis();
        if (left <= 0 || !process.isAlive() && !output.toString().isEmpty()) {
          if (left <= 0 || !process.isAlive()) {
            throw new AssertionError("no matching line; output was:\n" + output);
          }
        }
        output.wait(Math.max(1, Math.min(left, 200)));
      }
    }
  }

  /** Waits for the process to exit and returns its exit code. */
  int exitCode(long timeoutMillis) throws InterruptedException {
    if (!process.waitFor(timeoutMillis, TimeUnit.MILLISECONDS)) {
      throw new AssertionError("process did not exit; output was:\n" + output);
    }
    return process.exitValue();
  }

  String output() {
    return output.toString();
  }

  /** Asks the process to stop, as an operator's SIGTERM would. */
  void terminate() {
    process.destroy();
  }

  @Override
  public void close() {
    process.destroyForcibly();
  }
}
