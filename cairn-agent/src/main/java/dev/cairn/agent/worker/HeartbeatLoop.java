package dev.cairn.agent.worker;

import dev.cairn.agent.api.AgentApiException;
import dev.cairn.agent.api.AgentsClient;
import dev.cairn.agent.api.Retrier;
import dev.cairn.agent.api.RetryPolicy;
import dev.cairn.agent.api.Timing;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sends {@code POST heartbeat} every {@code heartbeat_interval}, independently of jobs (spec §2.3).
 * Each heartbeat is retried 10 × 5 s; a non-retryable answer means the server wants this agent
 * gone, so the loop asks for an ungraceful stop and ends. Stopped by interrupting its thread.
 */
final class HeartbeatLoop {
  private static final Logger LOG = LoggerFactory.getLogger(HeartbeatLoop.class);

  private final Session session;
  private final Timing timing;
  private final Retrier retrier;
  private final Runnable onRejected;

  private HeartbeatLoop(Session session, Timing timing, Runnable onRejected) {
    this.session = session;
    this.timing = timing;
    this.retrier = new Retrier(timing);
    this.onRejected = onRejected;
  }

  static Thread start(Session session, Timing timing, Runnable onRejected) {
    HeartbeatLoop loop = new HeartbeatLoop(session, timing, onRejected);
    return Thread.ofVirtual().name("cairn-heartbeat-" + session.agentName()).start(loop::run);
  }

  private void run() {
    AgentsClient agents = new AgentsClient(session.transport());
    try {
      while (true) {
        timing.sleep(session.heartbeatInterval());
        if (!beat(agents)) {
          onRejected.run();
          return;
        }
      }
    } catch (InterruptedException e) {
      // The worker is stopping.
    }
  }

  private boolean beat(AgentsClient agents) throws InterruptedException {
    try {
      retrier.call(
          RetryPolicy.HEARTBEAT,
          () -> {
            agents.heartbeat(session.agentToken(), timing.clock().instant());
            return null;
          });
      return true;
    } catch (AgentApiException e) {
      if (e.isRetryable()) {
        LOG.warn(
            "agent {}: heartbeat failed, will try again: {}", session.agentName(), e.getMessage());
        return true;
      }
      LOG.error("agent {}: heartbeat rejected, stopping: {}", session.agentName(), e.getMessage());
      return false;
    }
  }
}
