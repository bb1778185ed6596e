package dev.cairn.core.orchestrate;

import dev.cairn.core.agent.AgentRecord;
import dev.cairn.core.port.AgentStore;
import dev.cairn.core.port.BuildStore;
import java.time.Duration;
import java.time.InstantSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Finds agents that stopped talking (no ping, heartbeat or job call for {@code lostAfter}), marks
 * them lost, and settles the jobs they held ({@link AgentDeparture}): one assigned but never
 * accepted is scheduled again; one accepted or running ends as lost (exit status -1), which its
 * step's retry rules may retry. The silence is read from the stored last-seen time, so detection
 * survives restarts. A lost agent that comes back is told to disconnect on its next ping.
 * Thread-safe; call {@link #fireDue} periodically.
 */
public final class LostAgents {
  private static final Logger LOG = LoggerFactory.getLogger(LostAgents.class);

  private final AgentStore agents;
  private final AgentDeparture departure;
  private final InstantSource clock;
  private final Duration lostAfter;

  public LostAgents(
      AgentStore agents,
      BuildStore builds,
      BuildWriter writer,
      InstantSource clock,
      Duration lostAfter) {
    this.agents = agents;
    this.departure = new AgentDeparture(builds, writer);
    this.clock = clock;
    this.lostAfter = lostAfter;
  }

  /** Marks every silent agent lost; returns how many it marked. */
  public int fireDue() {
    int marked = 0;
    for (AgentRecord agent : agents.silentSince(clock.instant().minus(lostAfter))) {
      if (!agents.markLost(agent.id())) {
        continue; // Another server replica got there first.
      }
      marked++;
      LOG.warn("agent {} ({}) lost: silent for over {}", agent.name(), agent.id(), lostAfter);
      departure.settle(agent.id(), "lost");
    }
    return marked;
  }
}
