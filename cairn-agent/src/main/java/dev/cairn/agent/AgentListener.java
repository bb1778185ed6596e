package dev.cairn.agent;

/**
 * Optional callbacks for the embedding program (the CLI), called on the agent's worker threads;
 * implementations must be thread-safe and return quickly. Every method does nothing by default.
 */
public interface AgentListener {
  AgentListener NONE = new AgentListener() {};

  /** A job was started on the server and its command is about to run. */
  default void jobStarted(String agentName, String jobId) {}

  /**
   * A job finished; {@code exitStatus} is what was reported ({@code -1}: the command never ran).
   */
  default void jobFinished(String agentName, String jobId, int exitStatus) {}

  /**
   * A worker gave up: registration or connection failed after its retries, or the server rejected
   * its pings. The other workers carry on.
   */
  default void workerFailed(String agentName, Exception cause) {}
}
