package dev.mcpfirewall.upstream;

import dev.mcpfirewall.pipeline.FailureKind;
import dev.mcpfirewall.pipeline.FirewallFailure;
import java.net.ConnectException;
import java.net.URI;
import java.util.concurrent.TimeoutException;

/** The failures HTTP upstreams report, worded the same whichever transport met them. */
final class UpstreamFailures {
  private UpstreamFailures() {}

  /** A connection or read problem with {@code target}: a timeout or an unreachable upstream. */
  static FirewallFailure transport(String upstream, URI target, Throwable cause) {
    if (cause instanceof FirewallFailure f) {
      return f;
    }
    if (cause instanceof TimeoutException
        || cause instanceof io.netty.channel.ConnectTimeoutException
        || String.valueOf(cause.getMessage()).contains("timeout")) {
      return new FirewallFailure(
          FailureKind.UPSTREAM_TIMEOUT,
          "upstream '"
              + upstream
              + "' did not answer in time at "
              + target
              + " ("
              + cause.getMessage()
              + ")",
          upstream);
    }
    String detail = cause instanceof ConnectException ? "connection refused" : cause.getMessage();
    return new FirewallFailure(
        FailureKind.UPSTREAM_UNAVAILABLE,
        "upstream '" + upstream + "' is unreachable at " + target + ": " + detail,
        upstream);
  }

  /** The upstream answered outside the protocol; {@code what} completes "upstream 'x' ...". */
  static FirewallFailure protocol(String upstream, String what) {
    return new FirewallFailure(
        FailureKind.UPSTREAM_PROTOCOL_ERROR, "upstream '" + upstream + "' " + what, upstream);
  }
}
