package dev.mcpfirewall.detect;

import dev.mcpfirewall.pipeline.Verdict;
import dev.mcpfirewall.plugins.api.Finding;

/**
 * A finding with the detector that reported it and the verdict policy gave it.
 *
 * @param finding located in the original string (span in original characters)
 * @param detector the detector's id
 * @param verdict what policy made of it, capped at monitor for detectors in monitor mode
 */
public record JudgedFinding(Finding finding, String detector, Verdict verdict) {}
