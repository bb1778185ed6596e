package dev.cairn.core.port;

import dev.cairn.core.agent.AgentRecord;
import java.time.Instant;
import java.util.Optional;

/** Registered agents. Thread-safe. */
public interface AgentStore {
  void register(AgentRecord agent);

  Optional<AgentRecord> byTokenHash(String tokenHash);

  Optional<AgentRecord> byId(String agentId);

  void setConnected(String agentId, boolean connected, Instant at);

  void touch(String agentId, Instant at);

  /** Marks the agent as one that ping dispatch must pass over. */
  void ignoreInDispatches(String agentId);
}
