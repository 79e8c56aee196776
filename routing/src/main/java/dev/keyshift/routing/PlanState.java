package dev.keyshift.routing;

import java.util.Optional;

/** Where a cutover plan is. The wire names are persisted and never change. */
public enum PlanState {
  /** Steps are being applied, held and judged by the gates. */
  RUNNING("running"),
  /** Nothing moves until an operator resumes it; a manual weight change pauses a plan too. */
  PAUSED("paused"),
  /** Every step held and passed its gates. */
  COMPLETED("completed"),
  /** A gate failed: the weights and shadows in force before the plan were put back. */
  ROLLED_BACK("rolled-back"),
  /** Stopped by an operator; the weights in force stayed. */
  ABORTED("aborted");

  private final String wireName;

  PlanState(String wireName) {
    this.wireName = wireName;
  }

  public String wireName() {
    return wireName;
  }

  /** Whether the plan still has work to do (running or paused): an alias has one at most. */
  public boolean isActive() {
    return this == RUNNING || this == PAUSED;
  }

  public static Optional<PlanState> fromWireName(String name) {
    for (PlanState state : values()) {
      if (state.wireName.equals(name)) {
        return Optional.of(state);
      }
    }
    return Optional.empty();
  }
}
