package dev.mcpfirewall.upstream;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.Locale;

/**
 * The URL a legacy HTTP+SSE upstream names, in its {@code endpoint} event, for the firewall to POST
 * messages to: resolved against the event stream's URL and held to that URL's origin.
 */
final class MessageEndpoint {

  private MessageEndpoint() {}

  /**
   * Resolves the endpoint event's data against the event stream's URL (RFC 3986).
   *
   * @throws IllegalArgumentException when the data is not an http or https URL reference
   */
  static URI resolve(URI streamUrl, String data) {
    String reference = data == null ? "" : data.strip();
    if (reference.isEmpty()) {
      throw new IllegalArgumentException("the endpoint event carries no URL");
    }
    URI resolved;
    try {
      if (reference.startsWith("?")) {
        // java.net.URI follows RFC 2396 here and would drop the last path segment.
        resolved = new URI(prefix(streamUrl) + streamUrl.getRawPath() + reference);
      } else {
        resolved = base(streamUrl).resolve(new URI(reference));
      }
    } catch (URISyntaxException | IllegalArgumentException e) {
      throw new IllegalArgumentException("'" + reference + "' is not a URL reference");
    }
    String scheme = resolved.getScheme();
    if (scheme == null
        || !(scheme.equalsIgnoreCase("http") || scheme.equalsIgnoreCase("https"))
        || resolved.getHost() == null) {
      throw new IllegalArgumentException("'" + reference + "' is not an http or https URL");
    }
    return resolved;
  }

  /** Whether two URLs share scheme, host and port: the browser's same-origin rule. */
  static boolean sameOrigin(URI a, URI b) {
    return a.getScheme().equalsIgnoreCase(b.getScheme())
        && a.getHost().equalsIgnoreCase(b.getHost())
        && port(a) == port(b);
  }

  /** {@code scheme://host:port}, for messages. */
  static String origin(URI url) {
    return url.getScheme().toLowerCase(Locale.ROOT)
        + "://"
        + url.getHost().toLowerCase(Locale.ROOT)
        + ":"
        + port(url);
  }

  /** The port, or the scheme's default one. */
  static int port(URI url) {
    if (url.getPort() >= 0) {
      return url.getPort();
    }
    return "https".equalsIgnoreCase(url.getScheme()) ? 443 : 80;
  }

  /** The host without the brackets of an IPv6 literal. */
  static String host(URI url) {
    String host = url.getHost();
    return host.startsWith("[") && host.endsWith("]") ? host.substring(1, host.length() - 1) : host;
  }

  private static URI base(URI streamUrl) throws URISyntaxException {
    // java.net.URI resolves against an empty path without inserting the root slash.
    if (streamUrl.getRawPath() == null || streamUrl.getRawPath().isEmpty()) {
      return new URI(prefix(streamUrl) + "/");
    }
    return streamUrl;
  }

  private static String prefix(URI url) {
    return url.getScheme() + "://" + url.getRawAuthority();
  }
}
