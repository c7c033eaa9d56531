package dev.mcpfirewall.pipeline;

/**
 * What one stage decided about an exchange: the unit of the audit trail's decision chain.
 *
 * @param stage the stage's name
 * @param outcome continue, or the refusal that ended the exchange
 * @param reason a short human-readable reason, or empty
 * @param nanos time the stage took
 */
public record Decision(String stage, Outcome outcome, String reason, long nanos) {

  /** A stage's outcome. */
  public enum Outcome {
    CONTINUE,
    REFUSE
  }
}
