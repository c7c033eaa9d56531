package dev.mcpfirewall.transport;

import dev.mcpfirewall.config.ListenConfig;
import dev.mcpfirewall.pipeline.FailureKind;
import dev.mcpfirewall.pipeline.FirewallFailure;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServerRequest;
import java.net.URI;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * The first checks on an agent's HTTP request, before its body is read: Host and Origin (DNS
 * rebinding protection, as the MCP transport specification requires of local servers), content type
 * and accepted media types.
 */
public final class TransportGuard {
  private static final Set<String> LOOPBACK_NAMES = Set.of("localhost", "127.0.0.1", "[::1]");

  private final Set<String> allowedHosts;
  private final Set<String> allowedOrigins;

  public TransportGuard(ListenConfig listen) {
    this.allowedHosts = new HashSet<>();
    if (listen.allowedHosts().isEmpty()) {
      allowedHosts.addAll(LOOPBACK_NAMES);
    } else {
      listen.allowedHosts().forEach(h -> allowedHosts.add(h.toLowerCase(Locale.ROOT)));
    }
    this.allowedOrigins = new HashSet<>();
    listen
        .allowedOrigins()
        .forEach(o -> allowedOrigins.add(stripSlash(o.toLowerCase(Locale.ROOT))));
  }

  /** Checks Host and Origin on every method. */
  public void checkOrigin(HttpServerRequest request) {
    checkHostAndOrigin(request.getHeader(HttpHeaders.HOST), request.getHeader(HttpHeaders.ORIGIN));
  }

  /**
   * @param host the Host header (or HTTP/2 authority), null when absent
   * @param origin the Origin header, null when absent
   */
  void checkHostAndOrigin(String host, String origin) {
    if (host == null || !hostAllowed(host.toLowerCase(Locale.ROOT))) {
      throw new FirewallFailure(
          FailureKind.FORBIDDEN_HOST,
          "Host header '" + host + "' is not one this firewall answers to (listen.allowedHosts)");
    }
    if (origin != null && !originAllowed(stripSlash(origin.toLowerCase(Locale.ROOT)))) {
      throw new FirewallFailure(
          FailureKind.FORBIDDEN_ORIGIN,
          "Origin '" + origin + "' is not allowed (listen.allowedOrigins)");
    }
  }

  /** POST: a JSON body, and a client that accepts both JSON and event streams. */
  public void checkPost(HttpServerRequest request) {
    String type = request.getHeader(HttpHeaders.CONTENT_TYPE);
    if (type == null || !mediaType(type).equals("application/json")) {
      throw new FirewallFailure(
          FailureKind.UNSUPPORTED_MEDIA_TYPE,
          "Content-Type must be application/json, was "
              + (type == null ? "missing" : "'" + type + "'"));
    }
    List<String> accept = request.headers().getAll(HttpHeaders.ACCEPT);
    if (!accept.isEmpty()
        && !(accepts(accept, "application/json") && accepts(accept, "text/event-stream"))) {
      throw new FirewallFailure(
          FailureKind.NOT_ACCEPTABLE,
          "Accept must list both application/json and text/event-stream");
    }
  }

  /** GET: the client must accept an event stream. */
  public void checkGet(HttpServerRequest request) {
    List<String> accept = request.headers().getAll(HttpHeaders.ACCEPT);
    if (!accepts(accept, "text/event-stream")) {
      throw new FirewallFailure(
          FailureKind.NOT_ACCEPTABLE, "Accept must list text/event-stream for the event stream");
    }
  }

  private boolean hostAllowed(String host) {
    if (allowedHosts.contains(host)) {
      return true;
    }
    int colon = host.lastIndexOf(':');
    return colon > 0
        && host.indexOf(']') < colon
        && allowedHosts.contains(host.substring(0, colon));
  }

  private boolean originAllowed(String origin) {
    if (allowedOrigins.contains(origin)) {
      return true;
    }
    if (!allowedOrigins.isEmpty()) {
      return false;
    }
    try {
      URI uri = URI.create(origin);
      String host = uri.getHost();
      return ("http".equals(uri.getScheme()) || "https".equals(uri.getScheme()))
          && host != null
          && (LOOPBACK_NAMES.contains(host)
              || "[::1]".equals("[" + host + "]")
              || "::1".equals(host));
    } catch (IllegalArgumentException e) {
      return false;
    }
  }

  private static boolean accepts(List<String> acceptHeaders, String type) {
    String major = type.substring(0, type.indexOf('/')) + "/*";
    for (String header : acceptHeaders) {
      for (String part : header.split(",")) {
        String media = mediaType(part);
        if (media.equals(type) || media.equals("*/*") || media.equals(major)) {
          return true;
        }
      }
    }
    return false;
  }

  private static String mediaType(String header) {
    int semicolon = header.indexOf(';');
    return (semicolon < 0 ? header : header.substring(0, semicolon))
        .trim()
        .toLowerCase(Locale.ROOT);
  }

  private static String stripSlash(String origin) {
    return origin.endsWith("/") ? origin.substring(0, origin.length() - 1) : origin;
  }
}
