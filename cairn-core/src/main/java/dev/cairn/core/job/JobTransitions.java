package dev.cairn.core.job;

import static dev.cairn.core.job.JobEvent.ACCEPT;
import static dev.cairn.core.job.JobEvent.ASSIGN;
import static dev.cairn.core.job.JobEvent.BLOCK;
import static dev.cairn.core.job.JobEvent.BREAK;
import static dev.cairn.core.job.JobEvent.CANCEL;
import static dev.cairn.core.job.JobEvent.EXPIRE;
import static dev.cairn.core.job.JobEvent.FINISH_CANCELED;
import static dev.cairn.core.job.JobEvent.FINISH_FAILED;
import static dev.cairn.core.job.JobEvent.FINISH_PASSED;
import static dev.cairn.core.job.JobEvent.LOSE;
import static dev.cairn.core.job.JobEvent.RELEASE;
import static dev.cairn.core.job.JobEvent.REQUEST_CANCEL;
import static dev.cairn.core.job.JobEvent.RESET;
import static dev.cairn.core.job.JobEvent.SCHEDULE;
import static dev.cairn.core.job.JobEvent.SKIP;
import static dev.cairn.core.job.JobEvent.START;
import static dev.cairn.core.job.JobEvent.TIME_OUT;
import static dev.cairn.core.job.JobEvent.TRIGGER;
import static dev.cairn.core.job.JobEvent.TRIGGER_FAILED;
import static dev.cairn.core.job.JobEvent.UNBLOCK;
import static dev.cairn.core.job.JobEvent.WAITER_FAILED;
import static dev.cairn.core.job.JobEvent.WAITER_PASSED;
import static dev.cairn.core.job.JobState.ACCEPTED;
import static dev.cairn.core.job.JobState.ASSIGNED;
import static dev.cairn.core.job.JobState.BLOCKED;
import static dev.cairn.core.job.JobState.BROKEN;
import static dev.cairn.core.job.JobState.CANCELED;
import static dev.cairn.core.job.JobState.CANCELING;
import static dev.cairn.core.job.JobState.EXPIRED;
import static dev.cairn.core.job.JobState.FAILED;
import static dev.cairn.core.job.JobState.LOST;
import static dev.cairn.core.job.JobState.PASSED;
import static dev.cairn.core.job.JobState.RUNNING;
import static dev.cairn.core.job.JobState.SCHEDULED;
import static dev.cairn.core.job.JobState.SKIPPED;
import static dev.cairn.core.job.JobState.TIMED_OUT;
import static dev.cairn.core.job.JobState.TIMING_OUT;
import static dev.cairn.core.job.JobState.WAITING;
import static dev.cairn.core.job.JobState.WAITING_FAILED;

import java.util.List;
import java.util.Optional;

/**
 * The job state machine as a table: every legal (state, event) pair and the state it leads to.
 * Anything not listed is illegal. Kept as data so a test can prove every row is exercised and the
 * documentation's diagram can be generated from it.
 */
public final class JobTransitions {

  /** One legal transition. */
  public record Transition(JobState from, JobEvent event, JobState to) {}

  public static final List<Transition> TABLE =
      List.of(
          new Transition(WAITING, SCHEDULE, SCHEDULED),
          new Transition(WAITING, WAITER_PASSED, PASSED),
          new Transition(WAITING, WAITER_FAILED, WAITING_FAILED),
          new Transition(WAITING, BREAK, BROKEN),
          new Transition(WAITING, CANCEL, CANCELED),
          new Transition(SCHEDULED, ASSIGN, ASSIGNED),
          new Transition(SCHEDULED, CANCEL, CANCELED),
          new Transition(ASSIGNED, ACCEPT, ACCEPTED),
          new Transition(ASSIGNED, REQUEST_CANCEL, CANCELING),
          new Transition(ACCEPTED, ACCEPT, ACCEPTED),
          new Transition(ACCEPTED, START, RUNNING),
          new Transition(ACCEPTED, FINISH_PASSED, PASSED),
          new Transition(ACCEPTED, FINISH_FAILED, FAILED),
          new Transition(ACCEPTED, REQUEST_CANCEL, CANCELING),
          // A retried accept-and-start whose first reply was lost: the same agent gets a new token.
          new Transition(RUNNING, ACCEPT, RUNNING),
          new Transition(RUNNING, FINISH_PASSED, PASSED),
          new Transition(RUNNING, FINISH_FAILED, FAILED),
          new Transition(RUNNING, REQUEST_CANCEL, CANCELING),
          new Transition(CANCELING, ACCEPT, CANCELING),
          new Transition(CANCELING, START, CANCELING),
          new Transition(CANCELING, FINISH_PASSED, CANCELED),
          new Transition(CANCELING, FINISH_FAILED, CANCELED),
          new Transition(CANCELING, FINISH_CANCELED, CANCELED),
          new Transition(SCHEDULED, EXPIRE, EXPIRED),
          new Transition(ASSIGNED, TIME_OUT, TIMING_OUT),
          new Transition(ACCEPTED, TIME_OUT, TIMING_OUT),
          new Transition(RUNNING, TIME_OUT, TIMING_OUT),
          new Transition(TIMING_OUT, ACCEPT, TIMING_OUT),
          new Transition(TIMING_OUT, START, TIMING_OUT),
          new Transition(TIMING_OUT, FINISH_PASSED, TIMED_OUT),
          new Transition(TIMING_OUT, FINISH_FAILED, TIMED_OUT),
          new Transition(TIMING_OUT, FINISH_CANCELED, TIMED_OUT),
          new Transition(ASSIGNED, LOSE, LOST),
          new Transition(ASSIGNED, RELEASE, SCHEDULED),
          new Transition(ACCEPTED, LOSE, LOST),
          new Transition(RUNNING, LOSE, LOST),
          new Transition(CANCELING, LOSE, CANCELED),
          new Transition(TIMING_OUT, LOSE, TIMED_OUT),
          new Transition(BROKEN, RESET, WAITING),
          new Transition(WAITING_FAILED, RESET, WAITING),
          new Transition(WAITING, BLOCK, BLOCKED),
          new Transition(BLOCKED, UNBLOCK, PASSED),
          new Transition(BLOCKED, CANCEL, CANCELED),
          new Transition(WAITING, SKIP, SKIPPED),
          // Trigger jobs: the server, not an agent, takes them from scheduled.
          new Transition(SCHEDULED, TRIGGER, RUNNING),
          new Transition(SCHEDULED, TRIGGER_FAILED, FAILED));

  private JobTransitions() {}

  /** The state {@code event} leads to from {@code from}, or empty when the pair is illegal. */
  public static Optional<JobState> next(JobState from, JobEvent event) {
    for (Transition t : TABLE) {
      if (t.from() == from && t.event() == event) {
        return Optional.of(t.to());
      }
    }
    return Optional.empty();
  }

  /** Like {@link #next} but for events already known to be legal, such as stored history. */
  public static JobState require(JobState from, JobEvent event) {
    return next(from, event).orElseThrow(() -> new IllegalTransitionException(from, event));
  }
}
