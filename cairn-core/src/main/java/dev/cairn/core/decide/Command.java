package dev.cairn.core.decide;

import dev.cairn.core.job.JobSpec;
import java.util.List;

/** A request to change a build, judged by the {@link Decider} against the build's state. */
public sealed interface Command {

  /** Adds planned jobs to the build (the first upload, or a later {@code pipeline upload}). */
  record AddJobs(List<JobSpec> jobs) implements Command {}

  /** Hands a scheduled job to an agent. */
  record AssignJob(String jobId, String agentId, String agentName) implements Command {}

  /** The assigned agent accepts the job and receives a token whose hash is kept. */
  record AcceptJob(String jobId, String agentId, String tokenHash) implements Command {}

  record StartJob(String jobId) implements Command {}

  record FinishJob(String jobId, int exitStatus, String signal, String signalReason)
      implements Command {}

  record CancelBuild(String by) implements Command {}
}
