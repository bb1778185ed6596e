package dev.cairn.agent.job;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

/**
 * What a job runner needs to know about the agent that runs it. {@code agentToken} is a secret, so
 * {@link #toString()} masks it; {@code processEnv} is the agent process's own environment, the base
 * of every job's environment. {@code lastJob} is true for an agent that disconnects after this job
 * ({@code --disconnect-after-job}): its finish asks the server to hand it no more work.
 */
public record JobContext(
    String agentId,
    String agentName,
    String agentToken,
    URI endpoint,
    Path buildPath,
    Duration signalGracePeriod,
    Duration jobStatusInterval,
    Map<String, String> processEnv,
    JobSettings jobs,
    boolean lastJob) {

  public JobContext {
    processEnv = Map.copyOf(processEnv);
  }

  @Override
  public String toString() {
    return "JobContext[agentId=%s, agentName=%s, agentToken=***, endpoint=%s, buildPath=%s]"
        .formatted(agentId, agentName, endpoint, buildPath);
  }
}
