package dev.cairn.core.orchestrate;

import dev.cairn.core.decide.Command;
import dev.cairn.core.port.BuildStore;
import dev.cairn.core.port.BuildStore.JobRef;

/**
 * Settles the jobs an agent still held when it went away (it disconnected, or was found lost). A
 * job assigned to it but never accepted goes back to the queue for another agent: it never ran, so
 * scheduling it again cannot run it twice, and the agent can no longer accept it. A job it had
 * accepted or was running ends as lost (exit status -1), which its step's retry rules may retry.
 * Thread-safe.
 */
public final class AgentDeparture {
  private final BuildStore builds;
  private final BuildWriter writer;

  public AgentDeparture(BuildStore builds, BuildWriter writer) {
    this.builds = builds;
    this.writer = writer;
  }

  /**
   * Settles every job {@code agentId} holds; {@code reason} ({@code disconnected} or {@code lost})
   * is recorded with a job put back. Returns how many jobs it looked at.
   */
  public int settle(String agentId, String reason) {
    int held = 0;
    for (JobRef job : builds.jobsHeldBy(agentId)) {
      held++;
      // Each command is a no-op unless the job is in a state it applies to: a released job no
      // longer belongs to the agent, so the loss after it does nothing.
      writer.execute(job.buildId(), new Command.ReleaseJob(job.jobId(), agentId, reason));
      writer.execute(job.buildId(), new Command.LoseJob(job.jobId(), agentId));
    }
    return held;
  }
}
