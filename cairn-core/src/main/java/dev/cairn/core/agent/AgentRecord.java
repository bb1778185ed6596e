package dev.cairn.core.agent;

import java.time.Instant;
import java.util.Map;
import java.util.Optional;

/**
 * A registered agent. {@code tags} come from its {@code meta_data} ({@code queue=default} and
 * others); {@code tokenHash} is the SHA-256 of its access token, never the token itself. An agent
 * with {@code ignoreInDispatches} (started with {@code --acquire-job}, or one that finished its job
 * with {@code --disconnect-after-job}) is never handed work by ping dispatch. A {@code lost} agent
 * stopped sending heartbeats; if it comes back it is told to disconnect. {@code priority} (from
 * {@code --priority}, 0 when not given) ranks agents for dispatch: when several agents wait for
 * work, a job goes to the highest-ranked one that matches it.
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
    boolean lost,
    int priority) {

  public AgentRecord {
    tags = Map.copyOf(tags);
  }

  /** An agent of the default priority, 0. */
  public AgentRecord(
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
    this(
        id,
        name,
        hostname,
        version,
        tags,
        tokenHash,
        connected,
        registeredAt,
        lastSeenAt,
        ignoreInDispatches,
        lost,
        0);
  }
}
