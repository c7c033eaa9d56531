package dev.mcpfirewall.transport;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mcpfirewall.config.ListenConfig;
import dev.mcpfirewall.pipeline.FirewallFailure;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Host and Origin rules, checked through a real request in {@link TransportErrorsTest}. */
class TransportGuardTest {

  private static boolean allowed(TransportGuard guard, String host, String origin) {
    try {
      guard.checkHostAndOrigin(host, origin);
      return true;
    } catch (FirewallFailure refused) {
      return false;
    }
  }

  @ParameterizedTest(name = "Host {0}, Origin {1} -> {2}")
  @CsvSource(
      nullValues = "none",
      value = {
        "127.0.0.1:8080, none, true",
        "localhost:8080, none, true",
        "[::1]:8080, none, true",
        "LOCALHOST, none, true",
        "evil.example:8080, none, false",
        "127.0.0.1.evil.example, none, false",
        "none, none, false",
        "127.0.0.1:8080, http://localhost:6274, true",
        "127.0.0.1:8080, http://127.0.0.1, true",
        "127.0.0.1:8080, http://[::1]:3000, true",
        "127.0.0.1:8080, https://evil.example, false",
        "127.0.0.1:8080, http://localhost.evil.example, false",
        "127.0.0.1:8080, null, false",
      })
  void loopbackDefaults(String host, String origin, boolean expected) {
    TransportGuard guard =
        new TransportGuard(new ListenConfig("127.0.0.1", 8080, List.of(), List.of()));
    assertThat(allowed(guard, host, origin)).isEqualTo(expected);
  }

  @ParameterizedTest(name = "Host {0}, Origin {1} -> {2}")
  @CsvSource(
      nullValues = "none",
      value = {
        "mcp.internal.example:443, none, true",
        "mcp.internal.example, https://console.example, true",
        "127.0.0.1:8080, none, false",
        "mcp.internal.example, http://localhost:6274, false",
      })
  void configuredNamesReplaceTheDefaults(String host, String origin, boolean expected) {
    TransportGuard guard =
        new TransportGuard(
            new ListenConfig(
                "0.0.0.0",
                8080,
                List.of("mcp.internal.example"),
                List.of("https://console.example/")));
    assertThat(allowed(guard, host, origin)).isEqualTo(expected);
  }
}
