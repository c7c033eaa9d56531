package dev.mcpfirewall.detect.run;

import dev.mcpfirewall.plugins.api.DetectorConfig;
import dev.mcpfirewall.plugins.api.DetectorContext;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Optional;

/** The narrow context a detector is configured with: no server, network or plugin manager. */
record HostContext(
    DetectorConfig config, Clock clock, System.Logger logger, Optional<Path> dataDirectory)
    implements DetectorContext {}
