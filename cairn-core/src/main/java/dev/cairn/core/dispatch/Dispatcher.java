package dev.cairn.core.dispatch;

import dev.cairn.core.agent.AgentRecord;
import dev.cairn.core.decide.Command;
import dev.cairn.core.orchestrate.BuildWriter;
import dev.cairn.core.port.BuildStore;
import dev.cairn.core.port.BuildStore.RunnableJob;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.Optional;

/**
 * Hands a runnable job to an agent that asks for one. Candidates come from the jobs projection in
 * dispatch order; the hand-over itself is a decider command appended with the build's version, so
 * when several agents reach for the same job exactly one append succeeds and the others move on to
 * the next candidate. An agent that waits (long poll) sleeps on the {@link WorkSignal} and looks
 * again when jobs become runnable, and at least every second in case a wake-up came from elsewhere.
 *
 * <p>Thread-safe.
 */
public final class Dispatcher {
  private static final int CANDIDATES = 64;
  private static final Duration RECHECK = Duration.ofSeconds(1);

  private final BuildStore store;
  private final BuildWriter writer;
  private final WorkSignal signal;
  private final InstantSource clock;

  public Dispatcher(BuildStore store, BuildWriter writer, WorkSignal signal, InstantSource clock) {
    this.store = store;
    this.writer = writer;
    this.signal = signal;
    this.clock = clock;
  }

  /**
   * The id of a job assigned to {@code agent}: one already assigned and not yet accepted (a
   * repeated ping), or a newly assigned one; waits up to {@code wait} for one to become runnable.
   */
  public Optional<String> next(AgentRecord agent, Duration wait) throws InterruptedException {
    Instant deadline = clock.instant().plus(wait);
    while (true) {
      long seen = signal.generation();
      Optional<String> job = tryAssign(agent);
      if (job.isPresent()) {
        return job;
      }
      Duration left = Duration.between(clock.instant(), deadline);
      if (left.isNegative() || left.isZero()) {
        return Optional.empty();
      }
      signal.awaitChange(seen, left.compareTo(RECHECK) < 0 ? left : RECHECK);
    }
  }

  private Optional<String> tryAssign(AgentRecord agent) {
    Optional<String> held = store.jobAssignedTo(agent.id());
    if (held.isPresent() || agent.ignoreInDispatches()) {
      return held;
    }
    for (RunnableJob candidate : store.scheduledJobs(CANDIDATES)) {
      if (!AgentQuery.matches(candidate.agentQuery(), agent.tags())) {
        continue;
      }
      Optional<BuildWriter.Outcome> outcome =
          writer.execute(
              candidate.buildId(),
              new Command.AssignJob(candidate.jobId(), agent.id(), agent.name()));
      if (outcome.isPresent() && outcome.get().changed()) {
        return Optional.of(candidate.jobId());
      }
    }
    return Optional.empty();
  }
}
