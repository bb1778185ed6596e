package dev.cairn.agent.worker;

import dev.cairn.agent.api.ApiTransport;
import java.time.Duration;

/**
 * A registered, connected agent: its identity, its access token (masked in {@link #toString()}),
 * the transport for its endpoint and the intervals the server chose (at least one second each).
 */
record Session(
    String agentId,
    String agentName,
    String agentToken,
    ApiTransport transport,
    Duration pingInterval,
    Duration jobStatusInterval,
    Duration heartbeatInterval) {

  static Duration seconds(int seconds) {
    return Duration.ofSeconds(Math.max(1, seconds));
  }

  @Override
  public String toString() {
    return "Session[agentId=%s, agentName=%s, agentToken=***]".formatted(agentId, agentName);
  }
}
