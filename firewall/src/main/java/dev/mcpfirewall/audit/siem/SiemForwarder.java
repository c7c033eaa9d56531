package dev.mcpfirewall.audit.siem;

import dev.mcpfirewall.audit.store.ChainWriter;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Streams durable records and checkpoints to SIEM targets without ever slowing the writer: the
 * writer only enqueues into a bounded queue (when full, the oldest waiting line is dropped and
 * counted in {@code mcp_firewall_audit_siem_dropped_total}); a thread of its own delivers, retrying
 * a failed line with backoff (1 s doubling to 30 s) until it goes through or is pushed out. The
 * durable record on disk is never affected: the SIEM gets a copy.
 */
public final class SiemForwarder implements ChainWriter.RecordListener, AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(SiemForwarder.class);

  private final List<SiemTarget> targets;
  private final int capacity;
  private final ArrayDeque<String> queue = new ArrayDeque<>();
  private final Counter dropped;
  private final Counter sent;
  private final Thread thread;
  private volatile boolean running = true;

  public SiemForwarder(List<SiemTarget> targets, int capacity, MeterRegistry registry) {
    this.targets = List.copyOf(targets);
    this.capacity = capacity;
    this.dropped =
        Counter.builder("mcp_firewall_audit_siem_dropped")
            .description("Audit lines dropped because the SIEM queue was full")
            .register(registry);
    this.sent =
        Counter.builder("mcp_firewall_audit_siem_sent")
            .description("Audit lines delivered to the SIEM")
            .register(registry);
    this.thread = new Thread(this::run, "audit-siem");
    this.thread.setDaemon(true);
    this.thread.start();
  }

  @Override
  public void record(byte[] line) {
    offer(new String(line, StandardCharsets.UTF_8));
  }

  @Override
  public void checkpoint(String line) {
    offer("{\"checkpoint\":" + line + "}");
  }

  private void offer(String line) {
    synchronized (queue) {
      if (queue.size() >= capacity) {
        queue.pollFirst();
        dropped.increment();
      }
      queue.addLast(line);
      queue.notifyAll();
    }
  }

  private void run() {
    Duration backoff = Duration.ofSeconds(1);
    while (running) {
      String line;
      synchronized (queue) {
        while (queue.isEmpty() && running) {
          try {
            queue.wait(1000);
          } catch (InterruptedException e) {
            return;
          }
        }
        line = queue.peekFirst();
      }
      if (line == null) {
        continue;
      }
      try {
        for (SiemTarget target : targets) {
          target.send(line);
        }
        synchronized (queue) {
          if (queue.peekFirst() == line) {
            queue.pollFirst();
          }
        }
        sent.increment();
        backoff = Duration.ofSeconds(1);
      } catch (Exception e) {
        log.warn("SIEM delivery failed, retrying in {}: {}", backoff, e.getMessage());
        try {
          Thread.sleep(backoff.toMillis());
        } catch (InterruptedException stop) {
          return;
        }
        backoff =
            backoff.multipliedBy(2).compareTo(Duration.ofSeconds(30)) > 0
                ? Duration.ofSeconds(30)
                : backoff.multipliedBy(2);
      }
    }
  }

  /** Lines waiting for delivery. */
  public int waiting() {
    synchronized (queue) {
      return queue.size();
    }
  }

  @Override
  public void close() {
    running = false;
    thread.interrupt();
    targets.forEach(SiemTarget::close);
  }
}
