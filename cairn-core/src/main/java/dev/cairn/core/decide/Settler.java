package dev.cairn.core.decide;

import dev.cairn.core.build.BuildEvent;
import dev.cairn.core.build.BuildEvent.BuildFinished;
import dev.cairn.core.build.BuildEvent.JobBlocked;
import dev.cairn.core.build.BuildEvent.JobBroken;
import dev.cairn.core.build.BuildEvent.JobCanceled;
import dev.cairn.core.build.BuildEvent.JobCanceling;
import dev.cairn.core.build.BuildEvent.JobScheduled;
import dev.cairn.core.build.BuildEvent.JobSkipped;
import dev.cairn.core.build.BuildEvent.WaiterResolved;
import dev.cairn.core.build.BuildState;
import dev.cairn.core.build.BuildStatus;
import dev.cairn.core.job.Job;
import dev.cairn.core.job.JobDependency;
import dev.cairn.core.job.JobState;
import dev.cairn.core.job.JobType;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Works out what follows from a build's state without any new outside fact: waiting jobs whose
 * dependencies are met become scheduled, waiters resolve, jobs behind a failure break, and a build
 * whose jobs are all terminal finishes. Repeats until a pass adds nothing, because one resolution
 * (a waiter passing) can unlock the next.
 */
final class Settler {
  private Settler() {}

  static List<BuildEvent> settle(BuildState start, Instant now) {
    List<BuildEvent> all = new ArrayList<>();
    BuildState state = start;
    while (true) {
      List<BuildEvent> pass = onePass(state, now);
      if (pass.isEmpty()) {
        return all;
      }
      for (BuildEvent event : pass) {
        state = state.apply(event);
      }
      all.addAll(pass);
    }
  }

  private static List<BuildEvent> onePass(BuildState state, Instant now) {
    List<BuildEvent> events = new ArrayList<>();
    for (Job job : state.jobsIn(JobState.WAITING)) {
      next(state, job, now).ifPresent(events::add);
    }
    if (state.cancelRequested()) {
      for (Job job : state.jobsIn(JobState.SCHEDULED)) {
        events.add(new JobCanceled(job.id(), now));
      }
      for (Job job : state.jobsIn(JobState.BLOCKED)) {
        events.add(new JobCanceled(job.id(), now));
      }
    }
    if (!state.cancelRequested() && failing(state)) {
      events.addAll(cancelOnBuildFailing(state, now));
    }
    if (events.isEmpty() && !state.status().isTerminal() && state.allJobsTerminal()) {
      events.add(new BuildFinished(outcome(state), now));
    }
    return events;
  }

  /**
   * Jobs whose step says {@code cancel_on_build_failing} stop once the build is failing: those an
   * agent holds are asked to stop, those not started yet are canceled.
   */
  private static List<BuildEvent> cancelOnBuildFailing(BuildState state, Instant now) {
    List<BuildEvent> events = new ArrayList<>();
    for (Job job : state.jobList()) {
      if (!job.spec().details().cancelOnBuildFailing()) {
        continue;
      }
      switch (job.state()) {
        case ASSIGNED, ACCEPTED, RUNNING -> events.add(new JobCanceling(job.id(), now));
        case WAITING, SCHEDULED -> events.add(new JobCanceled(job.id(), now));
        default -> {}
      }
    }
    return events;
  }

  /** True when a job failed for good (not soft, not retried): the build will fail. */
  static boolean failing(BuildState state) {
    return state.jobList().stream()
        .filter(j -> j.retriedBy().isEmpty())
        .anyMatch(j ->
            (j.state().isFailure() && !j.softFailed()) || j.state() == JobState.WAITING_FAILED);
  }

  /** What happens next to a waiting job, if anything yet. */
  private static Optional<BuildEvent> next(BuildState state, Job job, Instant now) {
    if (state.cancelRequested()) {
      return Optional.of(new JobCanceled(job.id(), now));
    }
    List<Readiness> deps = job.spec().dependsOn().stream().map(d -> readiness(state, d)).toList();
    if (job.spec().details().skipped().isPresent()) {
      // A skipped step ends at once; its dependents treat it as passed.
      return Optional.of(new JobSkipped(job.id(), job.spec().details().skipped().get(), now));
    }
    if (job.spec().type() == JobType.WAITER) {
      if (deps.contains(Readiness.PENDING)) {
        return Optional.empty();
      }
      return Optional.of(new WaiterResolved(job.id(), !deps.contains(Readiness.BLOCKED), now));
    }
    if (deps.contains(Readiness.BLOCKED)) {
      return Optional.of(new JobBroken(job.id(), "a dependency did not pass", now));
    }
    if (deps.contains(Readiness.PENDING)) {
      return Optional.empty();
    }
    if (job.spec().type().isManual()) {
      return Optional.of(new JobBlocked(job.id(), now));
    }
    return Optional.of(new JobScheduled(job.id(), now));
  }

  private enum Readiness {
    PENDING,
    SATISFIED,
    BLOCKED
  }

  private static Readiness readiness(BuildState state, JobDependency dependency) {
    Job named = state.jobs().get(dependency.jobId());
    if (named == null) {
      return Readiness.BLOCKED;
    }
    Job dep = state.latest(named); // A retried dependency stands for its retry.
    if (dep.softFailed()) {
      return Readiness.SATISFIED;
    }
    return switch (dep.state()) {
      case PASSED, SKIPPED -> Readiness.SATISFIED;
      case FAILED, TIMED_OUT, LOST, EXPIRED ->
          dependency.allowFailure() ? Readiness.SATISFIED : Readiness.BLOCKED;
      // Canceled and broken dependencies are never forgiven, even with allow_failure.
      case CANCELED, BROKEN, WAITING_FAILED -> Readiness.BLOCKED;
      default -> Readiness.PENDING;
    };
  }

  private static BuildStatus outcome(BuildState state) {
    if (state.cancelRequested()) {
      return BuildStatus.CANCELED;
    }
    boolean failed = failing(state);
    return failed ? BuildStatus.FAILED : BuildStatus.PASSED;
  }
}
