package dev.cairn.core.agent;

import java.time.Instant;
import java.util.Map;
import java.util.Optional;

/**
 * A registered agent. {@code tags} come from its {@code meta_data} ({@code queue=default} and
 * others); {@code tokenHash} is the SHA-256 of its access token, never the token itself. An agent
 * with {@code ignoreInDispatches} (started with {@code --acquire-job}, or one that finished its job
 * with {@code --disconnect-after-job}) is never handed work by ping dispatch. A {@code lost} agent
 * stopped sending heartbeats; if it comes back it is told to disconnect.
 */
public record AgentRecord(
    String id,
    String name,
    String hostname,
    String version,
    Map<String, String> tags,
    String tokenHash,
    boolean connected,
    Instant registeredAt,
    Optional<Instant> lastSeenAt,
    boolean ignoreInDispatches,
    boolean lost) {

  public AgentRecord {
    tags = Map.copyOf(tags);
  }
}
