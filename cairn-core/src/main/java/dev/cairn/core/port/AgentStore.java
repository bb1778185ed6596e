package dev.cairn.core.port;

import dev.cairn.core.agent.AgentRecord;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/** Registered agents. Thread-safe. */
public interface AgentStore {
  void register(AgentRecord agent);

  Optional<AgentRecord> byTokenHash(String tokenHash);

  Optional<AgentRecord> byId(String agentId);

  void setConnected(String agentId, boolean connected, Instant at);

  void touch(String agentId, Instant at);

  /** Connected agents not seen (no ping, heartbeat or call) since {@code cutoff}, not yet lost. */
  List<AgentRecord> silentSince(Instant cutoff);

  /** Marks the agent lost and disconnected; false when another server did it first. */
  boolean markLost(String agentId);

  /** Marks the agent as one that ping dispatch must pass over. */
  void ignoreInDispatches(String agentId);
}
