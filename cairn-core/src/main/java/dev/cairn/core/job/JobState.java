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
  BROKEN("broken"),
  /** Ran past its {@code timeout_in_minutes}; the agent sees this on its state poll and stops. */
  TIMING_OUT("timing_out"),
  TIMED_OUT("timed_out"),
  /** Scheduled, but no agent took it before the expiry time. */
  EXPIRED("expired"),
  /** Its agent stopped sending heartbeats while it held the job (exit status -1). */
  LOST("lost"),
  /** A block or input step whose dependencies are met, waiting to be unblocked. */
  BLOCKED("blocked"),
  /** Its step says {@code skip}; it counts as passed for the steps that depend on it. */
  SKIPPED("skipped");

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
      case PASSED, FAILED, CANCELED, BROKEN, WAITING_FAILED, TIMED_OUT, EXPIRED, LOST, SKIPPED ->
          true;
      default -> false;
    };
  }

  /** True for a job that ended without passing and is not forgiven by being canceled. */
  public boolean isFailure() {
    return switch (this) {
      case FAILED, TIMED_OUT, EXPIRED, LOST -> true;
      default -> false;
    };
  }

  /** True while an agent holds the job. */
  public boolean isHeldByAgent() {
    return switch (this) {
      case ASSIGNED, ACCEPTED, RUNNING, CANCELING, TIMING_OUT -> true;
      default -> false;
    };
  }
}
