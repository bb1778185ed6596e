package dev.cairn.agent.job;

/** Hears when a job starts and finishes. Called on the worker's thread; must not block for long. */
public interface JobObserver {
  void jobStarted(String agentName, String jobId);

  void jobFinished(String agentName, String jobId, int exitStatus);
}
