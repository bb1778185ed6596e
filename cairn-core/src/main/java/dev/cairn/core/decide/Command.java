package dev.cairn.core.decide;

import dev.cairn.core.build.BuildStatus;
import dev.cairn.core.job.JobSpec;
import dev.cairn.core.job.TriggeredBuild;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** A request to change a build, judged by the {@link Decider} against the build's state. */
public sealed interface Command {

  /**
   * Adds planned jobs to the build: its first steps, or a later {@code pipeline upload} by job
   * {@code uploadedBy}, whose dependents then also wait for the new jobs. {@code uploadId} makes a
   * retried upload a no-op. {@code uploadLimit} is how many uploads the build may receive (a server
   * setting, {@link #DEFAULT_UPLOAD_LIMIT} unless configured); it is checked when the command is
   * decided, never on replay, so changing it does not change recorded histories.
   */
  record AddJobs(
      List<JobSpec> jobs, Optional<String> uploadedBy, Optional<String> uploadId, int uploadLimit)
      implements Command {
    /** Pipeline uploads one build may receive by default (spec §10, the hosted default). */
    public static final int DEFAULT_UPLOAD_LIMIT = 500;

    public AddJobs(List<JobSpec> jobs) {
      this(jobs, Optional.empty(), Optional.empty());
    }

    public AddJobs(List<JobSpec> jobs, Optional<String> uploadedBy, Optional<String> uploadId) {
      this(jobs, uploadedBy, uploadId, DEFAULT_UPLOAD_LIMIT);
    }
  }

  /** Hands a scheduled job to an agent. */
  record AssignJob(String jobId, String agentId, String agentName) implements Command {}

  /** The assigned agent accepts the job and receives a token whose hash is kept. */
  record AcceptJob(String jobId, String agentId, String tokenHash) implements Command {}

  record StartJob(String jobId) implements Command {}

  record FinishJob(String jobId, int exitStatus, String signal, String signalReason)
      implements Command {}

  record CancelBuild(String by) implements Command {}

  /** A running job passed its timeout (a durable deadline fired). */
  record TimeOutJob(String jobId) implements Command {}

  /** A scheduled job waited longer than the expiry time for an agent. */
  record ExpireJob(String jobId) implements Command {}

  /** A person unblocks a block or input job with these field values (already in meta-data). */
  record UnblockJob(String jobId, String by, Map<String, String> fields) implements Command {}

  /** A person asks for a finished job to run again. */
  record RetryJob(String jobId, String by) implements Command {}

  /**
   * The server created {@code build} for the scheduled trigger job (a repeat for the same build is
   * a no-op).
   */
  record StartTrigger(String jobId, TriggeredBuild build) implements Command {}

  /** The scheduled trigger job cannot create its build, for {@code reason}. */
  record FailTrigger(String jobId, String reason) implements Command {}

  /** The build {@code buildId} that the trigger job waits for ended in {@code result}. */
  record FinishTrigger(String jobId, String buildId, BuildStatus result) implements Command {}

  /** The agent holding the job was lost. */
  record LoseJob(String jobId, String agentId) implements Command {}

  /**
   * The agent the job is assigned to went away before accepting it ({@code reason}: {@code
   * disconnected} or {@code lost}); a no-op once the job has moved on or belongs to another agent.
   */
  record ReleaseJob(String jobId, String agentId, String reason) implements Command {}
}
