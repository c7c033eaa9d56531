package dev.mcpfirewall.config;

import java.net.URI;
import java.util.List;
import java.util.Map;

/**
 * Where security alerts go besides the log and the metrics: webhooks that receive each alert as a
 * JSON POST.
 */
public record AlertsConfig(List<Webhook> webhooks) {
  public AlertsConfig {
    webhooks = List.copyOf(webhooks);
  }

  public static AlertsConfig defaults() {
    return new AlertsConfig(List.of());
  }

  /**
   * @param url where alerts are POSTed
   * @param headers added to each POST (a token for the receiver, for example)
   */
  public record Webhook(URI url, Map<String, String> headers) {
    public Webhook {
      headers = Map.copyOf(headers);
    }
  }
}
