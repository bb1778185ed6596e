package dev.cairn.core.decide;

import dev.cairn.core.build.BuildEvent;
import dev.cairn.core.build.BuildEvent.TriggerFailed;
import dev.cairn.core.build.BuildEvent.TriggeredBuildCreated;
import dev.cairn.core.build.BuildEvent.TriggeredBuildFinished;
import dev.cairn.core.build.BuildState;
import dev.cairn.core.decide.Command.FailTrigger;
import dev.cairn.core.decide.Command.FinishTrigger;
import dev.cairn.core.decide.Command.StartTrigger;
import dev.cairn.core.job.Job;
import dev.cairn.core.job.JobState;
import dev.cairn.core.job.JobType;
import dev.cairn.core.job.TriggerSpec;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * What the facts about a trigger job's build mean for the job. The server creates the build (a side
 * effect outside the decider) and reports it; these rules accept each report once: a report about a
 * job that has moved on, or a second report of the same build, changes nothing, because the server
 * repeats reports after a crash and from its reconciling sweep.
 */
final class TriggerRules {
  private TriggerRules() {}

  /** The job's build exists: a sync job runs while it does, an async one passes at once. */
  static Decision start(BuildState state, StartTrigger c, Instant now) {
    Optional<Job> found = triggerJob(state, c.jobId());
    if (found.isEmpty()) {
      return new Decision.Rejected("build " + state.id() + " has no trigger job " + c.jobId());
    }
    Job job = found.get();
    if (job.triggeredBuild().isPresent()) {
      return job.triggeredBuild().get().buildId().equals(c.build().buildId())
          ? new Decision.Accepted(List.of())
          : new Decision.Rejected(
              "trigger job " + c.jobId() + " already created " + job.triggeredBuild().get());
    }
    if (job.state() != JobState.SCHEDULED) {
      return new Decision.Rejected(
          "trigger job " + c.jobId() + " is " + job.state().apiName() + ", not scheduled");
    }
    boolean async = job.spec().details().trigger().map(TriggerSpec::async).orElse(false);
    return accept(new TriggeredBuildCreated(c.jobId(), c.build(), async, now));
  }

  /** The job's build cannot be made: the job fails with the reason (soft_fail still applies). */
  static Decision fail(BuildState state, FailTrigger c, Instant now) {
    Optional<Job> job = triggerJob(state, c.jobId());
    if (job.isEmpty()) {
      return new Decision.Rejected("build " + state.id() + " has no trigger job " + c.jobId());
    }
    if (job.get().state() != JobState.SCHEDULED) {
      return new Decision.Accepted(List.of()); // Canceled meanwhile, or reported before.
    }
    return accept(new TriggerFailed(c.jobId(), c.reason(), now));
  }

  /** The build a sync job waits for ended: the job mirrors it. */
  static Decision finish(BuildState state, FinishTrigger c, Instant now) {
    Optional<Job> job = triggerJob(state, c.jobId());
    if (job.isEmpty()) {
      return new Decision.Rejected("build " + state.id() + " has no trigger job " + c.jobId());
    }
    boolean waiting =
        job.get().state() == JobState.RUNNING || job.get().state() == JobState.CANCELING;
    boolean same =
        job.get().triggeredBuild().map(b -> b.buildId().equals(c.buildId())).orElse(false);
    if (!waiting || !same || !c.result().isTerminal()) {
      return new Decision.Accepted(List.of()); // Delivered before, or not this job's build.
    }
    return accept(new TriggeredBuildFinished(c.jobId(), c.buildId(), c.result(), now));
  }

  private static Optional<Job> triggerJob(BuildState state, String jobId) {
    return state.job(jobId).filter(j -> j.spec().type() == JobType.TRIGGER);
  }

  private static Decision accept(BuildEvent event) {
    return new Decision.Accepted(List.of(event));
  }
}
