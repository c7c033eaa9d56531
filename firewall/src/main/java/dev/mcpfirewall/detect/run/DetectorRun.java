package dev.mcpfirewall.detect.run;

import dev.mcpfirewall.plugins.api.Finding;
import java.util.List;

/**
 * What one detector made of one message.
 *
 * @param detector the detector
 * @param findings what it found (in normalised coordinates, as it reported them)
 * @param failure null when it answered; else why not ({@link DetectorMetrics#ERROR}, {@link
 *     DetectorMetrics#TIMEOUT}, {@link DetectorMetrics#REJECTED}, {@link
 *     DetectorMetrics#CIRCUIT_OPEN})
 */
public record DetectorRun(ActiveDetector detector, List<Finding> findings, String failure) {

  public boolean failed() {
    return failure != null;
  }
}
