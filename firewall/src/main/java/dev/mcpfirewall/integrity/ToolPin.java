package dev.mcpfirewall.integrity;

import java.time.Instant;
import java.util.Optional;

/**
 * The firewall's record of one tool of one upstream: the approved version of its definition, and
 * the version the upstream lists now when that differs (waiting for approval, or rejected).
 *
 * @param upstream the upstream's configured name
 * @param tool the tool's name
 * @param approved the version an admin (or trust on first use) approved, if any
 * @param candidate the version the upstream lists now when it differs from {@code approved}
 * @param candidateRejected true when an admin rejected {@code candidate}
 * @param approvedBy who approved {@code approved}: a principal id, or {@code trust-on-first-use}
 * @param approvedAt when
 */
public record ToolPin(
    String upstream,
    String tool,
    Optional<PinnedVersion> approved,
    Optional<PinnedVersion> candidate,
    boolean candidateRejected,
    String approvedBy,
    Instant approvedAt) {

  /** Approved by the firewall itself on first sight. */
  public static final String TRUST_ON_FIRST_USE = "trust-on-first-use";

  public PinStatus status() {
    if (candidate.isEmpty()) {
      return approved.isPresent() ? PinStatus.APPROVED : PinStatus.PENDING_NEW;
    }
    if (candidateRejected) {
      return PinStatus.REJECTED;
    }
    return approved.isPresent() ? PinStatus.PENDING_CHANGE : PinStatus.PENDING_NEW;
  }

  /** True when calls to the tool may go ahead. */
  public boolean callable() {
    return status() == PinStatus.APPROVED;
  }

  /** The definition the upstream lists now. */
  public PinnedVersion current() {
    return candidate.orElseGet(approved::orElseThrow);
  }

  static ToolPin approvedOnSight(
      String upstream, PinnedVersion version, String approvedBy, Instant at) {
    return new ToolPin(
        upstream,
        version.definition().name(),
        Optional.of(version),
        Optional.empty(),
        false,
        approvedBy,
        at);
  }

  static ToolPin pendingNew(String upstream, PinnedVersion version) {
    return new ToolPin(
        upstream,
        version.definition().name(),
        Optional.empty(),
        Optional.of(version),
        false,
        null,
        null);
  }

  ToolPin withCandidate(PinnedVersion version) {
    return new ToolPin(
        upstream, tool, approved, Optional.of(version), false, approvedBy, approvedAt);
  }

  ToolPin withoutCandidate() {
    return new ToolPin(upstream, tool, approved, Optional.empty(), false, approvedBy, approvedAt);
  }

  ToolPin approveCandidate(String by, Instant at) {
    return new ToolPin(upstream, tool, candidate, Optional.empty(), false, by, at);
  }

  ToolPin rejectCandidate() {
    return new ToolPin(upstream, tool, approved, candidate, true, approvedBy, approvedAt);
  }
}
