package dev.mcpfirewall.benchmark;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;

/**
 * The CPU time used by every process on the machine except the benchmark's own, read from {@code
 * /proc/PID/stat}. The benchmark shares two cores with whatever else runs (a colleague's build,
 * say); this tells it when the machine is quiet enough to measure, and how much a phase was
 * disturbed. Processes that start and end between two samples are missed; on a machine without
 * {@code /proc} every figure is zero.
 */
final class ForeignLoad {
  /** Clock ticks per second of the {@code utime} and {@code stime} fields (USER_HZ). */
  private static final long TICKS_PER_SECOND = 100;

  /** CPU ticks per process at one moment. */
  record Sample(Map<Long, Long> ticks) {}

  private final Set<Long> own;

  ForeignLoad(Set<Long> ownPids) {
    this.own = Set.copyOf(ownPids);
  }

  Sample sample() {
    Map<Long, Long> ticks = new HashMap<>();
    try (DirectoryStream<Path> procs = Files.newDirectoryStream(Path.of("/proc"), "[0-9]*")) {
      for (Path proc : procs) {
        long pid = Long.parseLong(proc.getFileName().toString());
        if (own.contains(pid)) {
          continue;
        }
        long t = ticks(proc.resolve("stat"));
        if (t >= 0) {
          ticks.put(pid, t);
        }
      }
    } catch (IOException | RuntimeException e) {
      // No /proc: report nothing.
    }
    return new Sample(ticks);
  }

  /** CPU nanoseconds other processes used between two samples. */
  long cpuNanosBetween(Sample before, Sample after) {
    long ticks = 0;
    for (Map.Entry<Long, Long> e : after.ticks().entrySet()) {
      long then = before.ticks().getOrDefault(e.getKey(), 0L);
      ticks += Math.max(0, e.getValue() - then);
    }
    return ticks * (1_000_000_000L / TICKS_PER_SECOND);
  }

  /**
   * Context switches of all the threads of a process so far, voluntary and not, from {@code
   * /proc/PID/task/TID/status}: on an event-loop server nearly every one is a thread going to sleep
   * for want of work, so their number per request counts wake-ups. Threads that ended are missed;
   * -1 when there is no {@code /proc}.
   */
  static long contextSwitches(long pid) {
    long total = 0;
    try (DirectoryStream<Path> tasks =
        Files.newDirectoryStream(Path.of("/proc", Long.toString(pid), "task"))) {
      for (Path task : tasks) {
        try {
          for (String line : Files.readAllLines(task.resolve("status"))) {
            if (line.startsWith("voluntary_ctxt_switches:")
                || line.startsWith("nonvoluntary_ctxt_switches:")) {
              total += Long.parseLong(line.substring(line.indexOf(':') + 1).trim());
            }
          }
        } catch (IOException | RuntimeException threadGone) {
          // The thread ended between listing and reading.
        }
      }
    } catch (IOException | RuntimeException e) {
      return -1;
    }
    return total;
  }

  /** utime + stime of one process, or -1 if it is gone. */
  private static long ticks(Path stat) {
    try {
      String line = Files.readString(stat);
      // The command name (field 2) is in parentheses and may contain spaces.
      String[] fields = line.substring(line.lastIndexOf(')') + 2).split(" ");
      return Long.parseLong(fields[11]) + Long.parseLong(fields[12]);
    } catch (IOException | RuntimeException e) {
      return -1;
    }
  }
}
