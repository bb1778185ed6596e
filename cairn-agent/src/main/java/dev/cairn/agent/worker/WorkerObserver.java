package dev.cairn.agent.worker;

import dev.cairn.agent.job.JobObserver;

/**
 * Hears about a worker's jobs and about a worker that gave up (could not register, for example).
 */
public interface WorkerObserver extends JobObserver {
  void workerFailed(String agentName, Exception cause);
}
