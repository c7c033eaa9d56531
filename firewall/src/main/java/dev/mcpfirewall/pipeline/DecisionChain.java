package dev.mcpfirewall.pipeline;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/** The decisions taken about one exchange, in stage order. Confined to the exchange's context. */
public final class DecisionChain {
  private final List<Decision> decisions = new ArrayList<>(8);

  public void add(Decision decision) {
    decisions.add(decision);
  }

  public List<Decision> decisions() {
    return Collections.unmodifiableList(decisions);
  }

  /** True when some stage refused the exchange. */
  public boolean refused() {
    for (Decision d : decisions) {
      if (d.outcome() == Decision.Outcome.REFUSE) {
        return true;
      }
    }
    return false;
  }

  @Override
  public String toString() {
    return decisions.toString();
  }
}
