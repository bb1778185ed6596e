package dev.cairn.core.build;

import dev.cairn.core.build.BuildEvent.BuildCancelRequested;
import dev.cairn.core.build.BuildEvent.BuildCreated;
import dev.cairn.core.build.BuildEvent.BuildFinished;
import dev.cairn.core.build.BuildEvent.DependenciesAdded;
import dev.cairn.core.build.BuildEvent.JobAccepted;
import dev.cairn.core.build.BuildEvent.JobAssigned;
import dev.cairn.core.build.BuildEvent.JobBlocked;
import dev.cairn.core.build.BuildEvent.JobBroken;
import dev.cairn.core.build.BuildEvent.JobCanceled;
import dev.cairn.core.build.BuildEvent.JobCanceling;
import dev.cairn.core.build.BuildEvent.JobExpired;
import dev.cairn.core.build.BuildEvent.JobFinished;
import dev.cairn.core.build.BuildEvent.JobLost;
import dev.cairn.core.build.BuildEvent.JobReleased;
import dev.cairn.core.build.BuildEvent.JobReset;
import dev.cairn.core.build.BuildEvent.JobRetried;
import dev.cairn.core.build.BuildEvent.JobScheduled;
import dev.cairn.core.build.BuildEvent.JobSkipped;
import dev.cairn.core.build.BuildEvent.JobStarted;
import dev.cairn.core.build.BuildEvent.JobTimingOut;
import dev.cairn.core.build.BuildEvent.JobUnblocked;
import dev.cairn.core.build.BuildEvent.JobsAdded;
import dev.cairn.core.build.BuildEvent.TriggerFailed;
import dev.cairn.core.build.BuildEvent.TriggeredBuildCreated;
import dev.cairn.core.build.BuildEvent.TriggeredBuildFinished;
import dev.cairn.core.build.BuildEvent.WaiterResolved;
import dev.cairn.core.job.Job;
import dev.cairn.core.job.JobEvent;
import dev.cairn.core.job.JobSpec;
import dev.cairn.core.job.JobState;
import java.time.Instant;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.UnaryOperator;

/**
 * A build as its history says it is now: the fold of its events. {@link #apply} is the only way to
 * change it, and it applies stored facts without judging them (the decider judged them before they
 * were stored). {@code version} counts the events applied; the store uses it as the expected
 * version when appending, which is what makes concurrent changes to one build safe.
 */
public record BuildState(
    BuildCreated created,
    BuildStatus status,
    Map<String, Job> jobs,
    Optional<Instant> startedAt,
    Optional<Instant> finishedAt,
    boolean cancelRequested,
    Set<String> uploads,
    long version) {

  /**
   * {@code jobs} becomes a {@link JobTable} (kept as it is when it already is one), so that folding
   * an event changes one job in O(log n) instead of copying the map.
   */
  public BuildState {
    jobs = JobTable.of(jobs);
    uploads = Set.copyOf(uploads);
  }

  /** Folds a whole history, which must start with {@link BuildCreated}. */
  public static BuildState replay(List<BuildEvent> history) {
    if (history.isEmpty() || !(history.getFirst() instanceof BuildCreated created)) {
      throw new IllegalArgumentException("a build history starts with BuildCreated");
    }
    BuildState state = start(created);
    for (BuildEvent event : history.subList(1, history.size())) {
      state = state.apply(event);
    }
    return state;
  }

  public static BuildState start(BuildCreated created) {
    return new BuildState(
        created,
        BuildStatus.SCHEDULED,
        JobTable.empty(),
        Optional.empty(),
        Optional.empty(),
        false,
        Set.of(),
        1);
  }

  public String id() {
    return created.buildId();
  }

  public Collection<Job> jobList() {
    return jobs.values();
  }

  public Optional<Job> job(String jobId) {
    return Optional.ofNullable(jobs.get(jobId));
  }

  /** Returns the state after {@code event}. */
  public BuildState apply(BuildEvent event) {
    return switch (event) {
      case BuildCreated e -> throw new IllegalStateException("build already created: " + id());
      case JobsAdded e -> addJobs(e.jobs(), e.uploadId(), e.at());
      case DependenciesAdded e -> updateJob(e.jobId(), j -> j.withDependencies(e.added()));
      case JobScheduled e ->
          updateJob(e.jobId(), j -> j.transition(JobEvent.SCHEDULE).withScheduledAt(e.at()));
      case JobAssigned e ->
          updateJob(
              e.jobId(), j -> j.transition(JobEvent.ASSIGN).withAgent(e.agentId(), e.agentName()));
      case JobAccepted e ->
          updateJob(e.jobId(), j -> j.transition(JobEvent.ACCEPT).withTokenHash(e.tokenHash()));
      case JobStarted e ->
          running(e.at())
              .updateJob(e.jobId(), j -> j.transition(JobEvent.START).withStartedAt(e.at()));
      case JobFinished e ->
          updateJob(
              e.jobId(),
              j ->
                  j.transition(finishEvent(e))
                      .withResult(e.exitStatus(), e.signal(), e.signalReason(), e.at()));
      case WaiterResolved e ->
          updateJob(
              e.jobId(),
              j ->
                  j.transition(e.passed() ? JobEvent.WAITER_PASSED : JobEvent.WAITER_FAILED)
                      .withFinishedAt(e.at()));
      case JobBroken e ->
          updateJob(e.jobId(), j -> j.transition(JobEvent.BREAK).withFinishedAt(e.at()));
      case JobCanceling e -> updateJob(e.jobId(), j -> j.transition(JobEvent.REQUEST_CANCEL));
      case JobCanceled e ->
          updateJob(e.jobId(), j -> j.transition(JobEvent.CANCEL).withFinishedAt(e.at()));
      case JobTimingOut e -> updateJob(e.jobId(), j -> j.transition(JobEvent.TIME_OUT));
      case JobExpired e ->
          updateJob(e.jobId(), j -> j.transition(JobEvent.EXPIRE).withFinishedAt(e.at()));
      case JobLost e ->
          updateJob(
              e.jobId(),
              j -> j.transition(JobEvent.LOSE).withResult(-1, null, "agent_lost", e.at()));
      case JobReleased e ->
          updateJob(e.jobId(), j -> j.transition(JobEvent.RELEASE).withoutAgent());
      case JobRetried e -> retried(e);
      case JobReset e -> updateJob(e.jobId(), j -> j.transition(JobEvent.RESET).withoutFinish());
      case JobBlocked e -> updateJob(e.jobId(), j -> j.transition(JobEvent.BLOCK));
      case JobUnblocked e ->
          updateJob(e.jobId(), j -> j.transition(JobEvent.UNBLOCK).withFinishedAt(e.at()));
      case JobSkipped e ->
          updateJob(e.jobId(), j -> j.transition(JobEvent.SKIP).withFinishedAt(e.at()));
      case TriggeredBuildCreated e -> running(e.at()).updateJob(e.jobId(), j -> triggered(j, e));
      case TriggeredBuildFinished e ->
          updateJob(
              e.jobId(),
              j -> {
                boolean passed = e.result() == BuildStatus.PASSED;
                return j.transition(passed ? JobEvent.FINISH_PASSED : JobEvent.FINISH_FAILED)
                    .withResult(passed ? 0 : 1, null, null, e.at());
              });
      case TriggerFailed e ->
          updateJob(
              e.jobId(),
              j -> j.transition(JobEvent.TRIGGER_FAILED).withResult(-1, null, null, e.at()));
      case BuildCancelRequested e -> withStatus(BuildStatus.CANCELING, true, finishedAt);
      case BuildFinished e -> withStatus(e.state(), cancelRequested, Optional.of(e.at()));
    };
  }

  /** A trigger job that created its build runs while it does, or passes at once when async. */
  private static Job triggered(Job job, TriggeredBuildCreated e) {
    Job running =
        job.transition(JobEvent.TRIGGER).withStartedAt(e.at()).withTriggeredBuild(e.triggered());
    return e.async()
        ? running.transition(JobEvent.FINISH_PASSED).withResult(0, null, null, e.at())
        : running;
  }

  private static JobEvent finishEvent(JobFinished e) {
    if ("cancel".equals(e.signalReason())) {
      return JobEvent.FINISH_CANCELED;
    }
    return e.exitStatus() == 0 ? JobEvent.FINISH_PASSED : JobEvent.FINISH_FAILED;
  }

  private BuildState addJobs(List<JobSpec> specs, Optional<String> uploadId, Instant at) {
    JobTable next = table();
    for (JobSpec spec : specs) {
      next = next.with(Job.created(spec, at));
    }
    Set<String> nextUploads = new HashSet<>(uploads);
    uploadId.ifPresent(nextUploads::add);
    return new BuildState(
        created, status, next, startedAt, finishedAt, cancelRequested, nextUploads, version + 1);
  }

  /** Links the old job to its retry, adds the retry, and reopens a finished build. */
  private BuildState retried(JobRetried e) {
    BuildState linked = updateJob(e.jobId(), j -> j.withRetriedBy(e.retry().id()));
    JobTable next = linked.table().with(Job.created(e.retry(), e.at()));
    boolean reopen = status.isTerminal();
    return new BuildState(
        created,
        reopen ? BuildStatus.RUNNING : status,
        next,
        startedAt,
        reopen ? Optional.empty() : finishedAt,
        cancelRequested,
        uploads,
        linked.version);
  }

  private BuildState updateJob(String jobId, UnaryOperator<Job> change) {
    Job job = jobs.get(jobId);
    if (job == null) {
      throw new IllegalStateException("build " + id() + " has no job " + jobId);
    }
    JobTable next = table().with(change.apply(job));
    return new BuildState(
        created, status, next, startedAt, finishedAt, cancelRequested, uploads, version + 1);
  }

  private BuildState running(Instant at) {
    if (status != BuildStatus.SCHEDULED) {
      return this;
    }
    return new BuildState(
        created,
        BuildStatus.RUNNING,
        jobs,
        Optional.of(at),
        finishedAt,
        cancelRequested,
        uploads,
        version);
  }

  private BuildState withStatus(BuildStatus next, boolean cancel, Optional<Instant> finished) {
    return new BuildState(created, next, jobs, startedAt, finished, cancel, uploads, version + 1);
  }

  private JobTable table() {
    return (JobTable) jobs;
  }

  /** True when every job is terminal, which is when the build may finish. */
  public boolean allJobsTerminal() {
    for (JobState state : JobState.values()) {
      if (!state.isTerminal() && table().count(state) > 0) {
        return false;
      }
    }
    return true;
  }

  /** How many jobs are in {@code state}; O(1). */
  public int countIn(JobState state) {
    return table().count(state);
  }

  /**
   * True when a job failed for good (not soft-failed, not retried), or a wait failed: the build
   * will fail. O(1).
   */
  public boolean failing() {
    return table().failedForGood() > 0;
  }

  /**
   * How many jobs whose step says {@code cancel_on_build_failing} are still waiting, scheduled or
   * held by an agent without being asked to stop. O(1).
   */
  public int cancelableOnFailing() {
    return table().cancelableOnFailing();
  }

  /**
   * The ids of the jobs that depend on {@code jobId}: that name it in their dependencies, or name a
   * job it is the retry of.
   */
  public Set<String> dependentsOf(String jobId) {
    return table().dependentsOf(jobId);
  }

  /** The jobs of {@code ids} that this build has, in upload order. */
  public List<Job> inUploadOrder(Collection<String> ids) {
    return table().inOrder(ids);
  }

  /**
   * The ids of the jobs that {@code event} changes when applied. The switch has no default, so a
   * new event type must say which jobs it touches before it compiles.
   */
  public static List<String> jobsChangedBy(BuildEvent event) {
    return switch (event) {
      case BuildCreated e -> List.of();
      case JobsAdded e -> e.jobs().stream().map(JobSpec::id).toList();
      case JobRetried e -> List.of(e.jobId(), e.retry().id());
      case BuildCancelRequested e -> List.of();
      case BuildFinished e -> List.of();
      case DependenciesAdded e -> List.of(e.jobId());
      case JobScheduled e -> List.of(e.jobId());
      case JobAssigned e -> List.of(e.jobId());
      case JobAccepted e -> List.of(e.jobId());
      case JobStarted e -> List.of(e.jobId());
      case JobFinished e -> List.of(e.jobId());
      case WaiterResolved e -> List.of(e.jobId());
      case JobBroken e -> List.of(e.jobId());
      case JobCanceling e -> List.of(e.jobId());
      case JobCanceled e -> List.of(e.jobId());
      case JobTimingOut e -> List.of(e.jobId());
      case JobExpired e -> List.of(e.jobId());
      case JobLost e -> List.of(e.jobId());
      case JobReleased e -> List.of(e.jobId());
      case JobReset e -> List.of(e.jobId());
      case JobBlocked e -> List.of(e.jobId());
      case JobUnblocked e -> List.of(e.jobId());
      case JobSkipped e -> List.of(e.jobId());
      case TriggeredBuildCreated e -> List.of(e.jobId());
      case TriggeredBuildFinished e -> List.of(e.jobId());
      case TriggerFailed e -> List.of(e.jobId());
    };
  }

  /** The job that stands for {@code job} now: itself, or the last retry of it. */
  public Job latest(Job job) {
    Job at = job;
    while (at.retriedBy().isPresent()) {
      at = jobs.get(at.retriedBy().get());
    }
    return at;
  }

  /**
   * True when the build is waiting on a person: a block step is blocked and nothing else is running
   * or runnable.
   */
  public boolean isBlocked() {
    if (status.isTerminal() || countIn(JobState.BLOCKED) == 0) {
      return false;
    }
    for (JobState state : JobState.values()) {
      if ((state == JobState.SCHEDULED || state.isHeldByAgent()) && countIn(state) > 0) {
        return false;
      }
    }
    return true;
  }

  /** Jobs in {@code state}, in upload order. Free when there are none. */
  public List<Job> jobsIn(JobState state) {
    if (countIn(state) == 0) {
      return List.of();
    }
    return jobs.values().stream().filter(j -> j.state() == state).toList();
  }
}
