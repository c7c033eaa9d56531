package dev.mcpfirewall.detect.run;

import dev.mcpfirewall.config.PluginsConfig.DetectorSettings;
import dev.mcpfirewall.plugins.api.Inspector;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A configured detector in the chain: its settings, its inspector, and the state that contains it
 * (circuit breaker, calls holding a thread past their deadline).
 *
 * @param id the detector's id
 * @param origin where it came from: {@code bundled} or the plugin's {@code id@version}
 * @param settings what the admin configured
 * @param inspector the detector's inspector for these settings
 * @param deadline the deadline in force
 * @param breaker its circuit breaker, kept across reconfiguration
 * @param stuck calls past their deadline that still hold a pool thread
 */
public record ActiveDetector(
    String id,
    String origin,
    DetectorSettings settings,
    Inspector inspector,
    Duration deadline,
    CircuitBreaker breaker,
    AtomicInteger stuck) {}
