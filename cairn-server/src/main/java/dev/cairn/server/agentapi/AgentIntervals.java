package dev.cairn.server.agentapi;

/**
 * The intervals sent at registration, in seconds. The official agent has no defaults of its own, so
 * these are always sent.
 */
public record AgentIntervals(int pingSeconds, int jobStatusSeconds, int heartbeatSeconds) {
  public static final AgentIntervals DEFAULT = new AgentIntervals(2, 2, 30);
}
