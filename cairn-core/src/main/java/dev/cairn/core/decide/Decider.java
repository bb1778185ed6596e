package dev.cairn.core.decide;

import dev.cairn.core.build.BuildEvent;
import dev.cairn.core.build.BuildEvent.BuildCancelRequested;
import dev.cairn.core.build.BuildEvent.JobAccepted;
import dev.cairn.core.build.BuildEvent.JobAssigned;
import dev.cairn.core.build.BuildEvent.JobCanceling;
import dev.cairn.core.build.BuildEvent.JobExpired;
import dev.cairn.core.build.BuildEvent.JobFinished;
import dev.cairn.core.build.BuildEvent.JobLost;
import dev.cairn.core.build.BuildEvent.JobReleased;
import dev.cairn.core.build.BuildEvent.JobReset;
import dev.cairn.core.build.BuildEvent.JobStarted;
import dev.cairn.core.build.BuildEvent.JobTimingOut;
import dev.cairn.core.build.BuildEvent.JobUnblocked;
import dev.cairn.core.build.BuildState;
import dev.cairn.core.decide.Command.AcceptJob;
import dev.cairn.core.decide.Command.AddJobs;
import dev.cairn.core.decide.Command.AssignJob;
import dev.cairn.core.decide.Command.CancelBuild;
import dev.cairn.core.decide.Command.ExpireJob;
import dev.cairn.core.decide.Command.FailTrigger;
import dev.cairn.core.decide.Command.FinishJob;
import dev.cairn.core.decide.Command.FinishTrigger;
import dev.cairn.core.decide.Command.LoseJob;
import dev.cairn.core.decide.Command.ReleaseJob;
import dev.cairn.core.decide.Command.RetryJob;
import dev.cairn.core.decide.Command.StartJob;
import dev.cairn.core.decide.Command.StartTrigger;
import dev.cairn.core.decide.Command.TimeOutJob;
import dev.cairn.core.decide.Command.UnblockJob;
import dev.cairn.core.job.Job;
import dev.cairn.core.job.JobEvent;
import dev.cairn.core.job.JobState;
import dev.cairn.core.job.JobTransitions;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The pure decider: given a build's state and a command, returns the events that follow, or a
 * rejection. No I/O, no clock of its own (the caller passes {@code now}), no threads; the same
 * inputs always give the same events, which is what lets a stored history be replayed and
 * explained.
 *
 * <p>A decision has two parts. The command's own events are checked against the job transition
 * table; then {@link Settler} adds what follows from them (jobs becoming runnable or broken,
 * waiters resolving, the build finishing) until nothing more follows.
 */
public final class Decider {

  public Decision decide(BuildState state, Command command, Instant now) {
    if (state.status().isTerminal()
        && !(command instanceof FinishJob)
        && !(command instanceof RetryJob)) {
      return new Decision.Rejected("build " + state.id() + " has finished");
    }
    Decision own = own(state, command, now);
    if (!(own instanceof Decision.Accepted accepted) || accepted.events().isEmpty()) {
      return own;
    }
    List<BuildEvent> events = new ArrayList<>(accepted.events());
    BuildState after = state;
    for (BuildEvent event : events) {
      after = after.apply(event);
    }
    events.addAll(Settler.settle(after, accepted.events(), now));
    return new Decision.Accepted(events);
  }

  private static Decision own(BuildState state, Command command, Instant now) {
    return switch (command) {
      case AddJobs c -> Upload.decide(state, c, now);
      case AssignJob c ->
          transition(state, c.jobId(), JobEvent.ASSIGN)
              .map(Decider::reject)
              .orElseGet(() -> accept(new JobAssigned(c.jobId(), c.agentId(), c.agentName(), now)));
      case AcceptJob c -> acceptJob(state, c, now);
      case StartJob c -> startJob(state, c, now);
      case FinishJob c -> finishJob(state, c, now);
      case CancelBuild c -> cancel(state, c, now);
      case TimeOutJob c ->
          onlyIf(state, c.jobId(), JobEvent.TIME_OUT, new JobTimingOut(c.jobId(), now));
      case ExpireJob c -> onlyIf(state, c.jobId(), JobEvent.EXPIRE, new JobExpired(c.jobId(), now));
      case LoseJob c -> loseJob(state, c, now);
      case ReleaseJob c -> releaseJob(state, c, now);
      case RetryJob c -> retryJob(state, c, now);
      case StartTrigger c -> TriggerRules.start(state, c, now);
      case FailTrigger c -> TriggerRules.fail(state, c, now);
      case FinishTrigger c -> TriggerRules.finish(state, c, now);
      case UnblockJob c ->
          transition(state, c.jobId(), JobEvent.UNBLOCK)
              .map(Decider::reject)
              .orElseGet(() -> accept(new JobUnblocked(c.jobId(), c.by(), c.fields(), now)));
    };
  }

  private static Decision acceptJob(BuildState state, AcceptJob c, Instant now) {
    Optional<Job> job = state.job(c.jobId());
    if (job.isPresent() && !job.get().agentId().equals(Optional.of(c.agentId()))) {
      return reject("job " + c.jobId() + " is not assigned to this agent");
    }
    return transition(state, c.jobId(), JobEvent.ACCEPT)
        .map(Decider::reject)
        .orElseGet(() -> accept(new JobAccepted(c.jobId(), c.agentId(), c.tokenHash(), now)));
  }

  private static Decision startJob(BuildState state, StartJob c, Instant now) {
    Optional<Job> job = state.job(c.jobId());
    if (job.isPresent() && job.get().startedAt().isPresent()) {
      return new Decision.Accepted(List.of()); // A retried start: already recorded.
    }
    return transition(state, c.jobId(), JobEvent.START)
        .map(Decider::reject)
        .orElseGet(() -> accept(new JobStarted(c.jobId(), now)));
  }

  private static Decision finishJob(BuildState state, FinishJob c, Instant now) {
    JobEvent event =
        "cancel".equals(c.signalReason())
            ? JobEvent.FINISH_CANCELED
            : c.exitStatus() == 0 ? JobEvent.FINISH_PASSED : JobEvent.FINISH_FAILED;
    Optional<String> refusal = transition(state, c.jobId(), event);
    if (refusal.isPresent()) {
      return reject(refusal.get());
    }
    List<BuildEvent> events = new ArrayList<>();
    events.add(new JobFinished(c.jobId(), c.exitStatus(), c.signal(), c.signalReason(), now));
    Job job = state.job(c.jobId()).orElseThrow();
    if (job.state() != JobState.CANCELING) {
      Retries.automatic(state, job, c.exitStatus(), c.signal(), c.signalReason(), now)
          .ifPresent(events::add);
    }
    return new Decision.Accepted(events);
  }

  /** Emits {@code event} when the job may take {@code jobEvent}; a stale timer is a no-op. */
  private static Decision onlyIf(
      BuildState state, String jobId, JobEvent jobEvent, BuildEvent event) {
    return transition(state, jobId, jobEvent).isEmpty()
        ? accept(event)
        : new Decision.Accepted(List.of());
  }

  private static Decision loseJob(BuildState state, LoseJob c, Instant now) {
    Optional<Job> job = state.job(c.jobId());
    if (job.isEmpty() || !job.get().agentId().equals(Optional.of(c.agentId()))) {
      return new Decision.Accepted(List.of());
    }
    if (transition(state, c.jobId(), JobEvent.LOSE).isPresent()) {
      return new Decision.Accepted(List.of());
    }
    List<BuildEvent> events = new ArrayList<>();
    events.add(new JobLost(c.jobId(), c.agentId(), now));
    if (job.get().state() != JobState.CANCELING && job.get().state() != JobState.TIMING_OUT) {
      Retries.automatic(state, job.get(), -1, null, "agent_lost", now).ifPresent(events::add);
    }
    return new Decision.Accepted(events);
  }

  private static Decision releaseJob(BuildState state, ReleaseJob c, Instant now) {
    Optional<Job> job = state.job(c.jobId());
    if (job.isEmpty()
        || !job.get().agentId().equals(Optional.of(c.agentId()))
        || transition(state, c.jobId(), JobEvent.RELEASE).isPresent()) {
      return new Decision.Accepted(List.of());
    }
    return accept(new JobReleased(c.jobId(), c.agentId(), c.reason(), now));
  }

  /** A person retries a finished job; what broke because of it waits again. */
  private static Decision retryJob(BuildState state, RetryJob c, Instant now) {
    Optional<Job> job = state.job(c.jobId());
    if (job.isEmpty()) {
      return reject("build " + state.id() + " has no job " + c.jobId());
    }
    Optional<String> refusal = Retries.manualRefusal(job.get());
    if (refusal.isPresent()) {
      return reject(refusal.get());
    }
    List<BuildEvent> events = new ArrayList<>();
    events.add(Retries.retry(job.get(), -1, c.by(), now));
    for (Job other : state.jobList()) {
      if (other.state() == JobState.BROKEN || other.state() == JobState.WAITING_FAILED) {
        events.add(new JobReset(other.id(), now));
      }
    }
    return new Decision.Accepted(events);
  }

  private static Decision cancel(BuildState state, CancelBuild c, Instant now) {
    if (state.cancelRequested()) {
      return new Decision.Accepted(List.of());
    }
    List<BuildEvent> events = new ArrayList<>();
    events.add(new BuildCancelRequested(c.by(), now));
    for (Job job : state.jobList()) {
      if (job.state().isHeldByAgent()
          && job.state() != JobState.CANCELING
          && job.state() != JobState.TIMING_OUT) {
        events.add(new JobCanceling(job.id(), now));
      }
    }
    return new Decision.Accepted(events);
  }

  /** Why {@code event} cannot happen to the job now, or empty when it can. */
  private static Optional<String> transition(BuildState state, String jobId, JobEvent event) {
    Optional<Job> job = state.job(jobId);
    if (job.isEmpty()) {
      return Optional.of("build " + state.id() + " has no job " + jobId);
    }
    JobState from = job.get().state();
    if (JobTransitions.next(from, event).isEmpty()) {
      return Optional.of("job " + jobId + " is " + from.apiName() + ", so it cannot take " + event);
    }
    return Optional.empty();
  }

  private static Decision accept(BuildEvent event) {
    return new Decision.Accepted(List.of(event));
  }

  private static Decision reject(String reason) {
    return new Decision.Rejected(reason);
  }
}
