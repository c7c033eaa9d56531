package dev.mcpfirewall.detect;

import dev.mcpfirewall.auth.Principal;
import dev.mcpfirewall.plugins.api.Direction;

/**
 * One answered {@code POST /v1/inspect}, for the audit trail: who asked, about what (never the text
 * itself, only its length), and what the firewall answered.
 *
 * @param principal the authenticated caller
 * @param remoteAddress the caller's address
 * @param direction the direction asked about
 * @param upstream the upstream named in the request, or empty
 * @param tool the tool named in the request, or empty
 * @param length the text's length in characters
 * @param judgement the verdict and findings (excerpts are already redacted by detectors)
 * @param elapsedNanos time taken
 */
public record InspectionRecord(
    Principal principal,
    String remoteAddress,
    Direction direction,
    String upstream,
    String tool,
    int length,
    Judgement judgement,
    long elapsedNanos) {

  /** Where inspection records go; the audit trail implements it. */
  @FunctionalInterface
  public interface Recorder {
    /** Records nothing (until the audit trail is wired). */
    Recorder NONE = record -> {};

    /** Must not block: called on the event loop. */
    void record(InspectionRecord record);
  }
}
