package dev.mcpfirewall.detect;

import dev.mcpfirewall.alert.AlertSink;
import dev.mcpfirewall.auth.Credentials;
import dev.mcpfirewall.config.FirewallConfig;
import dev.mcpfirewall.config.PluginsConfig;
import dev.mcpfirewall.detect.host.PluginHost;
import dev.mcpfirewall.detect.policy.VerdictPolicy;
import dev.mcpfirewall.detect.run.DetectorMetrics;
import dev.mcpfirewall.detect.run.DetectorPool;
import dev.mcpfirewall.detect.run.DetectorRegistry;
import dev.mcpfirewall.integrity.ToolDefinitionScreen;
import io.micrometer.core.instrument.MeterRegistry;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.nio.file.Path;
import java.time.Clock;
import java.util.concurrent.CompletionException;

/**
 * The detector platform of one node, assembled from the {@code plugins} configuration: the plugin
 * host, the detector pool and registry, and what the rest of the firewall plugs in: the inbound
 * {@link #inboundStage() detection} and {@link #verdictStage() verdict} stages, the {@link
 * #responseStage() outbound stage}, the {@link #toolScreen() tool definition screen} for tool
 * pinning, the {@link #adminApi admin API} and the {@link #inspectEndpoint inspection endpoint}.
 */
public final class DetectionPlatform implements AutoCloseable {
  private final DetectorRegistry registry;
  private final ContentScanner scanner;
  private final PluginsConfig config;
  private volatile InspectionRecord.Recorder recorder = InspectionRecord.Recorder.NONE;

  private DetectionPlatform(
      DetectorRegistry registry, ContentScanner scanner, PluginsConfig config) {
    this.registry = registry;
    this.scanner = scanner;
    this.config = config;
  }

  /**
   * Loads plugins and configures every detector, off the event loop. Fails with a message naming
   * the configuration path when a detector's configuration is invalid or a configured detector is
   * missing.
   */
  public static Future<DetectionPlatform> start(
      Vertx vertx, FirewallConfig config, MeterRegistry meters, AlertSink alerts, Clock clock) {
    PluginsConfig plugins = config.plugins();
    Path work = config.dataDir().resolve("plugins-work");
    PluginHost host;
    try {
      PluginHost.delete(work);
      host = new PluginHost(plugins, work);
    } catch (RuntimeException e) {
      return Future.failedFuture(e);
    }
    DetectorRegistry registry =
        new DetectorRegistry(
            plugins,
            host,
            new DetectorPool(plugins.workers()),
            new DetectorMetrics(meters),
            alerts,
            clock);
    ContentScanner scanner = new ContentScanner(registry, new VerdictPolicy(plugins.policy()));
    return Future.fromCompletionStage(registry.start(), vertx.getOrCreateContext())
        .recover(
            e -> {
              registry.close();
              Throwable cause =
                  e instanceof CompletionException && e.getCause() != null ? e.getCause() : e;
              return Future.failedFuture(cause);
            })
        .map(v -> new DetectionPlatform(registry, scanner, plugins));
  }

  public InboundDetection inboundStage() {
    return new InboundDetection(scanner);
  }

  public VerdictStage verdictStage() {
    return new VerdictStage();
  }

  public OutboundDetection responseStage() {
    return new OutboundDetection(scanner);
  }

  /** For tool pinning: scans each listed tool definition as {@code TOOL_DESCRIPTION}. */
  public ToolDefinitionScreen toolScreen() {
    return new ToolScreen(scanner);
  }

  public DetectorsApi adminApi(dev.mcpfirewall.admin.AdminAuditor auditor) {
    return new DetectorsApi(registry, auditor);
  }

  /** {@code POST /v1/inspect}, authenticated with the agent-facing credentials. */
  public InspectEndpoint inspectEndpoint(FirewallConfig firewall, Credentials credentials) {
    return new InspectEndpoint(
        firewall.listen(),
        credentials,
        scanner,
        firewall.limits().maxBodyBytes(),
        config.maxInspectChars(),
        () -> recorder);
  }

  /** Where answered inspections go (the audit trail); none until set. */
  public void recordInspectionsWith(InspectionRecord.Recorder recorder) {
    this.recorder = recorder;
  }

  public ContentScanner scanner() {
    return scanner;
  }

  public DetectorRegistry registry() {
    return registry;
  }

  @Override
  public void close() {
    registry.close();
  }
}
