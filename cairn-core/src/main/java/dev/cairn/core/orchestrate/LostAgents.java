package dev.cairn.core.orchestrate;

import dev.cairn.core.agent.AgentRecord;
import dev.cairn.core.decide.Command;
import dev.cairn.core.port.AgentStore;
import dev.cairn.core.port.BuildStore;
import dev.cairn.core.port.BuildStore.JobRef;
import java.time.Duration;
import java.time.InstantSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Finds agents that stopped talking (no ping, heartbeat or job call for {@code lostAfter}), marks
 * them lost, and ends the jobs they held as lost (exit status -1), which their steps' retry rules
 * may retry. The silence is read from the stored last-seen time, so detection survives restarts. A
 * lost agent that comes back is told to disconnect on its next ping. Thread-safe; call {@link
 * #fireDue} periodically.
 */
public final class LostAgents {
  private static final Logger LOG = LoggerFactory.getLogger(LostAgents.class);

  private final AgentStore agents;
  private final BuildStore builds;
  private final BuildWriter writer;
  private final InstantSource clock;
  private final Duration lostAfter;

  public LostAgents(
      AgentStore agents,
      BuildStore builds,
      BuildWriter writer,
      InstantSource clock,
      Duration lostAfter) {
    this.agents = agents;
    this.builds = builds;
    this.writer = writer;
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
      for (JobRef job : builds.jobsHeldBy(agent.id())) {
        writer.execute(job.buildId(), new Command.LoseJob(job.jobId(), agent.id()));
      }
    }
    return marked;
  }
}
