package dev.mcpfirewall.audit.verify;

import java.util.ArrayList;
import java.util.List;

/**
 * What one verification run has found so far: the breaches (at most {@value #MAX_BREACHES}, in the
 * order found, so the first is the first in the chain) and the warnings. Shared by the steps of a
 * {@link ChainVerifier} run, which each add to it; confined to that run's thread.
 */
final class Breaches {
  static final int MAX_BREACHES = 100;

  private final List<Breach> breaches = new ArrayList<>();
  private final List<String> warnings = new ArrayList<>();

  void breach(String kind, String message, String file, long line, long seq) {
    if (breaches.size() < MAX_BREACHES) {
      breaches.add(new Breach(kind, message, file, line, seq));
    }
  }

  void warn(String warning) {
    warnings.add(warning);
  }

  /** True once as many breaches were found as a report holds: scanning further is pointless. */
  boolean full() {
    return breaches.size() >= MAX_BREACHES;
  }

  List<Breach> breaches() {
    return List.copyOf(breaches);
  }

  List<String> warnings() {
    return List.copyOf(warnings);
  }
}
