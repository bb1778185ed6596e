package dev.cairn.server.agentapi;

import dev.cairn.core.access.AgentRegistry;
import dev.cairn.core.agent.AgentRecord;
import dev.cairn.core.dispatch.Dispatcher;
import dev.cairn.protocol.Ping;
import java.time.Duration;
import java.util.Optional;

/**
 * What a ping from an agent gets: {@code disconnect} for an agent marked lost, else a heartbeat and
 * the job the dispatcher assigns it within {@code wait}, or idle. Shared by {@code GET /v3/ping}
 * and by the ping that follows a finish ({@link dev.cairn.protocol.FinishAndPing}). Thread-safe.
 */
final class PingAnswers {
  private final AgentRegistry registry;
  private final Dispatcher dispatcher;

  PingAnswers(AgentRegistry registry, Dispatcher dispatcher) {
    this.registry = registry;
    this.dispatcher = dispatcher;
  }

  Ping answer(AgentRecord agent, Duration wait) {
    if (agent.lost()) {
      return Ping.disconnect(
          "this agent was marked lost after missing heartbeats; its jobs were ended. Restart it"
              + " to register again.");
    }
    registry.heartbeat(agent);
    Optional<String> job;
    try {
      job = dispatcher.next(agent, wait);
    } catch (InterruptedException stopping) {
      // The server is shutting down while this ping waits: answer idle; the agent pings again.
      Thread.currentThread().interrupt();
      job = Optional.empty();
    }
    return job.map(Ping::assign).orElseGet(Ping::idle);
  }
}
