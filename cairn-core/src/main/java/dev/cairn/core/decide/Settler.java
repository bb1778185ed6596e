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
import java.util.EnumSet;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Works out what follows from a build's state without any new outside fact: waiting jobs whose
 * dependencies are met become scheduled, waiters resolve, jobs behind a failure break, and a build
 * whose jobs are all terminal finishes. Repeats until a pass adds nothing, because one resolution
 * (a waiter passing) can unlock the next.
 *
 * <p>A pass looks only at the waiting jobs that the previous events could have moved: the jobs
 * those events changed and the jobs that depend on them. Every other waiting job was looked at when
 * its inputs last changed and found nothing to do, so looking again would find nothing again; this
 * keeps the cost of a transition independent of the build's size. Build-wide conditions (a cancel,
 * a failure, every job terminal) are read from counts the state keeps.
 */
final class Settler {
  private Settler() {}

  /** What follows once {@code cause} has been applied to reach {@code start}. */
  static List<BuildEvent> settle(BuildState start, List<BuildEvent> cause, Instant now) {
    List<BuildEvent> all = new ArrayList<>();
    BuildState state = start;
    List<BuildEvent> last = cause;
    while (true) {
      List<BuildEvent> pass = onePass(state, waitingAffectedBy(state, last), now);
      if (pass.isEmpty()) {
        return all;
      }
      for (BuildEvent event : pass) {
        state = state.apply(event);
      }
      all.addAll(pass);
      last = pass;
    }
  }

  /**
   * The waiting jobs, in upload order, whose next step {@code events} could have changed: those the
   * events changed and those depending on them. All waiting jobs when the build is canceling (they
   * are all canceled) or when an event is one whose changes are not known.
   */
  private static List<Job> waitingAffectedBy(BuildState state, List<BuildEvent> events) {
    if (state.countIn(JobState.WAITING) == 0) {
      return List.of();
    }
    if (state.cancelRequested()) {
      return state.jobsIn(JobState.WAITING);
    }
    Set<String> affected = new HashSet<>();
    for (BuildEvent event : events) {
      for (String jobId : BuildState.jobsChangedBy(event)) {
        affected.add(jobId);
        affected.addAll(state.dependentsOf(jobId));
      }
    }
    List<Job> waiting = new ArrayList<>();
    for (Job job : state.inUploadOrder(affected)) {
      if (job.state() == JobState.WAITING) {
        waiting.add(job);
      }
    }
    return waiting;
  }

  /**
   * What one pass over every waiting job would add. A settled state yields nothing; the decider's
   * tests use it to check that looking only at affected jobs misses nothing.
   */
  static List<BuildEvent> fullPass(BuildState state, Instant now) {
    return onePass(state, state.jobsIn(JobState.WAITING), now);
  }

  private static List<BuildEvent> onePass(BuildState state, List<Job> waiting, Instant now) {
    List<BuildEvent> events = new ArrayList<>();
    for (Job job : waiting) {
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
    if (!state.cancelRequested() && state.cancelableOnFailing() > 0 && failing(state)) {
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
    return state.failing();
  }

  /** What happens next to a waiting job, if anything yet. */
  private static Optional<BuildEvent> next(BuildState state, Job job, Instant now) {
    if (state.cancelRequested()) {
      return Optional.of(new JobCanceled(job.id(), now));
    }
    if (job.spec().details().skipped().isPresent()) {
      // A skipped step ends at once; its dependents treat it as passed.
      return Optional.of(new JobSkipped(job.id(), job.spec().details().skipped().get(), now));
    }
    if (job.spec().type() == JobType.WAITER) {
      // A waiter waits while any dependency is pending; looking from the last one finds a pending
      // one at once while the steps above it still run in order.
      EnumSet<Readiness> deps =
          readiness(state, job.spec().dependsOn().reversed(), Readiness.PENDING);
      if (deps.contains(Readiness.PENDING)) {
        return Optional.empty();
      }
      return Optional.of(new WaiterResolved(job.id(), !deps.contains(Readiness.BLOCKED), now));
    }
    EnumSet<Readiness> deps = readiness(state, job.spec().dependsOn(), Readiness.BLOCKED);
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

  /** The readiness of {@code dependencies}, read in order until one is {@code decisive}. */
  private static EnumSet<Readiness> readiness(
      BuildState state, List<JobDependency> dependencies, Readiness decisive) {
    EnumSet<Readiness> found = EnumSet.noneOf(Readiness.class);
    for (JobDependency dependency : dependencies) {
      Readiness r = readiness(state, dependency);
      found.add(r);
      if (r == decisive) {
        break;
      }
    }
    return found;
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
