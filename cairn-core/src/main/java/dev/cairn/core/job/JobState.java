package dev.cairn.core.job;

/**
 * A job's state, named as Buildkite's REST API names it. The transitions between them are listed,
 * as data, in {@link JobTransitions}.
 */
public enum JobState {
  /** Created; its dependencies have not finished yet. */
  WAITING("waiting"),
  /** A wait step whose dependencies failed: nothing after it will run. */
  WAITING_FAILED("waiting_failed"),
  /** Runnable, waiting for an agent. */
  SCHEDULED("scheduled"),
  /** Handed to an agent that has not accepted it yet. */
  ASSIGNED("assigned"),
  ACCEPTED("accepted"),
  RUNNING("running"),
  PASSED("passed"),
  FAILED("failed"),
  /** Asked to stop while an agent holds it; the agent reports the end. */
  CANCELING("canceling"),
  CANCELED("canceled"),
  /** Never ran because a dependency failed or was canceled. */
  BROKEN("broken");

  private final String apiName;

  JobState(String apiName) {
    this.apiName = apiName;
  }

  /** The lower-case name used on the wire. */
  public String apiName() {
    return apiName;
  }

  /** True once the job can change no more. */
  public boolean isTerminal() {
    return switch (this) {
      case PASSED, FAILED, CANCELED, BROKEN, WAITING_FAILED -> true;
      default -> false;
    };
  }

  /** True while an agent holds the job. */
  public boolean isHeldByAgent() {
    return switch (this) {
      case ASSIGNED, ACCEPTED, RUNNING, CANCELING -> true;
      default -> false;
    };
  }
}
