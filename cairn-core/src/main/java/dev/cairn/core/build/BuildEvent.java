package dev.cairn.core.build;

import dev.cairn.core.job.JobDependency;
import dev.cairn.core.job.JobSpec;
import dev.cairn.core.job.TriggeredBuild;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * One fact in a build's append-only history. The build's state is the fold of its events ({@link
 * BuildState#apply}); events are never changed once written, so new fields must be optional and old
 * histories must keep replaying.
 */
public sealed interface BuildEvent {

  /** When the fact happened, by the server's clock. */
  Instant at();

  /**
   * The build was created; {@code triggeredFrom} names the trigger job that created it, if one did.
   */
  record BuildCreated(
      String buildId,
      String organization,
      PipelineRef pipeline,
      long number,
      String branch,
      String commit,
      String message,
      Map<String, String> env,
      String source,
      Instant at,
      Optional<TriggeredFrom> triggeredFrom)
      implements BuildEvent {
    public BuildCreated {
      // Histories written before trigger steps ran have no such field.
      triggeredFrom = triggeredFrom == null ? Optional.empty() : triggeredFrom;
    }

    /** A build nobody's trigger step created. */
    public BuildCreated(
        String buildId,
        String organization,
        PipelineRef pipeline,
        long number,
        String branch,
        String commit,
        String message,
        Map<String, String> env,
        String source,
        Instant at) {
      this(
          buildId,
          organization,
          pipeline,
          number,
          branch,
          commit,
          message,
          env,
          source,
          at,
          Optional.empty());
    }

    /** How many builds deep the build is in its trigger chain: 1 for a build nobody triggered. */
    public int triggerDepth() {
      return triggeredFrom.map(TriggeredFrom::depth).orElse(1);
    }
  }

  /**
   * The build and trigger job that created a build, and the new build's depth in the chain (the
   * triggering build's depth plus one).
   */
  record TriggeredFrom(
      String buildId, long buildNumber, String pipelineSlug, String jobId, int depth) {}

  /** The pipeline a build belongs to, as it was when the build was created. */
  record PipelineRef(
      String id, String slug, String name, String repository, String defaultBranch) {}

  /**
   * Steps were uploaded and planned into these jobs, in order. {@code uploadedBy} is the job that
   * ran {@code pipeline upload} (empty for a build's first steps); {@code uploadId} the upload's
   * idempotency key, so a retried upload is applied once.
   */
  record JobsAdded(
      List<JobSpec> jobs, Optional<String> uploadedBy, Optional<String> uploadId, Instant at)
      implements BuildEvent {
    public JobsAdded(List<JobSpec> jobs, Instant at) {
      this(jobs, Optional.empty(), Optional.empty(), at);
    }
  }

  /**
   * A waiting job gained dependencies: the steps uploaded by a job it depends on, which it must now
   * wait for too.
   */
  record DependenciesAdded(String jobId, List<JobDependency> added, Instant at)
      implements BuildEvent {}

  /** The job's dependencies are met: it may be handed to an agent. */
  record JobScheduled(String jobId, Instant at) implements BuildEvent {}

  /** The job was handed to an agent (exactly one; the store's version check guarantees it). */
  record JobAssigned(String jobId, String agentId, String agentName, Instant at)
      implements BuildEvent {}

  /**
   * The agent accepted the job and got a job token; only the token's hash is kept, so a history can
   * be shared without secrets.
   */
  record JobAccepted(String jobId, String agentId, String tokenHash, Instant at)
      implements BuildEvent {}

  record JobStarted(String jobId, Instant at) implements BuildEvent {}

  /** The agent reported the end of the job. {@code exitStatus} -1 means the command never ran. */
  record JobFinished(String jobId, int exitStatus, String signal, String signalReason, Instant at)
      implements BuildEvent {}

  /** A waiter's dependencies finished: it passed, or failed and stops what follows. */
  record WaiterResolved(String jobId, boolean passed, Instant at) implements BuildEvent {}

  /** The job can never run: a dependency failed or was canceled. */
  record JobBroken(String jobId, String reason, Instant at) implements BuildEvent {}

  /** Someone asked to cancel the build. */
  record BuildCancelRequested(String by, Instant at) implements BuildEvent {}

  /** A job held by an agent was asked to stop; the agent will finish it. */
  record JobCanceling(String jobId, Instant at) implements BuildEvent {}

  /** A job not held by any agent was canceled outright. */
  record JobCanceled(String jobId, Instant at) implements BuildEvent {}

  /** The job ran past its timeout; the agent is told to stop it. */
  record JobTimingOut(String jobId, Instant at) implements BuildEvent {}

  /** No agent took the scheduled job before it expired. */
  record JobExpired(String jobId, Instant at) implements BuildEvent {}

  /** The agent holding the job was lost (missed heartbeats); the job ends with exit status -1. */
  record JobLost(String jobId, String agentId, Instant at) implements BuildEvent {}

  /**
   * The job was assigned to an agent that went away before accepting it (it disconnected or was
   * lost), so it never ran there: it is scheduled again for any agent. The agent can no longer
   * accept it, since acceptance checks the assigned agent.
   */
  record JobReleased(String jobId, String agentId, String reason, Instant at)
      implements BuildEvent {}

  /**
   * A finished job is tried again as {@code retry} (a new job of the same step, with the next
   * attempt number); {@code by} is {@code automatic} for a retry rule, or who asked for it.
   */
  record JobRetried(String jobId, JobSpec retry, String by, Instant at) implements BuildEvent {}

  /**
   * A job that broke (or a wait that failed) because of a failure that has since been retried waits
   * again, so the build can carry on if the retry passes.
   */
  record JobReset(String jobId, Instant at) implements BuildEvent {}

  /** A block or input job's dependencies are met: it waits for someone to unblock it. */
  record JobBlocked(String jobId, Instant at) implements BuildEvent {}

  /**
   * Someone unblocked the job; {@code fields} are the values they gave, which were written to the
   * build's meta-data before this event.
   */
  record JobUnblocked(String jobId, String by, Map<String, String> fields, Instant at)
      implements BuildEvent {}

  /** The job's step says {@code skip}. */
  record JobSkipped(String jobId, String reason, Instant at) implements BuildEvent {}

  /**
   * A trigger job created build {@code triggered} and now runs while it does; an {@code async} one
   * passes at once instead.
   */
  record TriggeredBuildCreated(String jobId, TriggeredBuild triggered, boolean async, Instant at)
      implements BuildEvent {}

  /**
   * The build a trigger job waits for ended in {@code result}; the job mirrors it (a canceled build
   * fails the job).
   */
  record TriggeredBuildFinished(String jobId, String buildId, BuildStatus result, Instant at)
      implements BuildEvent {}

  /** A trigger job could not create its build (no such pipeline, chain too deep, bad steps). */
  record TriggerFailed(String jobId, String reason, Instant at) implements BuildEvent {}

  /** Every job is terminal: the build ended in {@code state}. */
  record BuildFinished(BuildStatus state, Instant at) implements BuildEvent {}
}
