package dev.cairn.agent.worker;

/**
 * What one worker is doing, for the health check's {@code /status.json}: idle, or busy with the job
 * {@link #currentJobId()}. Immutable.
 *
 * @param spawnIndex the worker's 1-based number in its agent process
 * @param agentId the id the server gave the worker at registration; null before it registered
 * @param currentJobId the job the worker runs, from its accept (or acquire) until its finish; null
 *     when idle
 */
public record WorkerStatus(int spawnIndex, String agentId, String currentJobId) {
  /** Whether the worker runs a job. */
  public boolean busy() {
    return currentJobId != null;
  }

  WorkerStatus registered(String id) {
    return new WorkerStatus(spawnIndex, id, currentJobId);
  }

  WorkerStatus running(String jobId) {
    return new WorkerStatus(spawnIndex, agentId, jobId);
  }
}
