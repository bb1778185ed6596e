package dev.cairn.core.dispatch;

import dev.cairn.core.agent.AgentRecord;
import dev.cairn.core.decide.Command;
import dev.cairn.core.orchestrate.BuildWriter;
import dev.cairn.core.port.AgentStore;
import dev.cairn.core.port.BuildStore;
import dev.cairn.core.port.BuildStore.RunnableJob;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.List;
import java.util.Optional;

/**
 * Hands a runnable job to an agent that asks for one. Candidates come from the jobs projection in
 * dispatch order; the hand-over itself is a decider command appended with the build's version, so
 * when several agents reach for the same job exactly one append succeeds and the others move on to
 * the next candidate. An agent that waits (long poll) sleeps on the {@link WorkSignal} and looks
 * again when jobs become runnable, and at least every second in case a wake-up came from elsewhere.
 *
 * <p>Servers sharing a database take each candidate through a {@link CandidateLock}: a candidate
 * another server is assigning right now is skipped, not waited for. When every matching candidate
 * was busy the dispatcher looks again after a few milliseconds, even for an agent that does not
 * wait, because the job will most likely still be there once the other server's transaction ends.
 *
 * <p>A wake-up sends every idle poller looking at once, so the pollers woken by one generation
 * share one read of the candidates ({@link SharedCandidates}), and only a poll's first look asks
 * whether a job is already assigned to the agent (no one else assigns to an agent while it polls).
 * A poll's first look and its periodic re-looks always read the database afresh.
 *
 * <p>Agent priority, as Buildkite has it: when several agents wait for work, a job goes to the
 * highest-priority one that matches it. Agents that wait here (long polls) are kept in {@link
 * Waiters}; an agent passes over a candidate that a waiting agent of higher priority matches, since
 * that agent was woken by the same signal and takes it in its own look. When such an agent stops
 * waiting, the agents that passed over jobs for it are woken to look again. Agents that do not wait
 * (plain pings) take what they find, and agents waiting on another server sharing the database are
 * not seen: there is no cross-server ranking.
 *
 * <p>Thread-safe.
 */
public final class Dispatcher {
  private static final int CANDIDATES = 64;
  private static final Duration RECHECK = Duration.ofSeconds(1);
  private static final Duration BUSY_PAUSE = Duration.ofMillis(5);
  private static final int BUSY_ROUNDS = 100;

  private final BuildStore store;
  private final AgentStore agents;
  private final BuildWriter writer;
  private final WorkSignal signal;
  private final InstantSource clock;
  private final CandidateLock lock;
  private final SharedCandidates shared = new SharedCandidates();
  private final Waiters waiters = new Waiters();

  public Dispatcher(
      BuildStore store,
      AgentStore agents,
      BuildWriter writer,
      WorkSignal signal,
      InstantSource clock,
      CandidateLock lock) {
    this.store = store;
    this.agents = agents;
    this.writer = writer;
    this.signal = signal;
    this.clock = clock;
    this.lock = lock;
  }

  /** What one look for work found: a job, or none and whether a candidate was busy elsewhere. */
  private record Look(Optional<String> job, boolean busy) {
    static final Look NOTHING = new Look(Optional.empty(), false);
    static final Look BUSY = new Look(Optional.empty(), true);
  }

  /**
   * The id of a job assigned to {@code agent}: one already assigned and not yet accepted (a
   * repeated ping), or a newly assigned one; waits up to {@code wait} for one to become runnable.
   */
  public Optional<String> next(AgentRecord agent, Duration wait) throws InterruptedException {
    if (!wait.isPositive()) {
      return poll(agent, wait, null);
    }
    Waiters.Waiter waiter = waiters.enter(agent);
    try {
      return poll(agent, wait, waiter);
    } finally {
      if (waiters.leave(waiter)) {
        signal.notifyWork();
      }
    }
  }

  /**
   * Ends the waits of an agent that disconnected, so that no job is assigned to it from now on; a
   * job assigned in the same instant is scheduled again by the poll that assigned it.
   */
  public void stopWaiting(String agentId) {
    if (waiters.close(agentId)) {
      signal.notifyWork();
    }
  }

  /** How many agents wait for work on this dispatcher now (long polls). */
  public int waitingAgents() {
    return waiters.size();
  }

  private Optional<String> poll(AgentRecord agent, Duration wait, Waiters.Waiter self)
      throws InterruptedException {
    Instant deadline = clock.instant().plus(wait);
    int busyRounds = 0;
    boolean first = true;
    boolean woken = false;
    while (true) {
      if (Waiters.closed(self)) {
        return Optional.empty();
      }
      long seen = signal.generation();
      Look look = look(agent, self, first, woken, seen);
      first = false;
      if (look.job().isPresent()) {
        return departed(agent, self) ? release(agent, look.job().get()) : look.job();
      }
      if (look.busy() && busyRounds++ < BUSY_ROUNDS) {
        signal.awaitChange(seen, BUSY_PAUSE);
        woken = false;
        continue;
      }
      Duration left = Duration.between(clock.instant(), deadline);
      if (left.isNegative() || left.isZero()) {
        return Optional.empty();
      }
      signal.awaitChange(seen, left.compareTo(RECHECK) < 0 ? left : RECHECK);
      woken = signal.generation() != seen;
    }
  }

  /**
   * One look for work. {@code first}: the poll's first look, which also finds a job already
   * assigned to the agent. {@code woken}: the look follows a wake-up of {@code generation}, so the
   * candidates read for it by another poller may be reused.
   */
  private Look look(
      AgentRecord agent, Waiters.Waiter self, boolean first, boolean woken, long generation) {
    if (first || agent.ignoreInDispatches()) {
      Optional<String> held = store.jobAssignedTo(agent.id());
      if (held.isPresent() || agent.ignoreInDispatches()) {
        return new Look(held, false);
      }
    }
    List<RunnableJob> candidates =
        woken
            ? shared.forGeneration(generation, () -> store.scheduledJobs(CANDIDATES))
            : shared.fresh(generation, () -> store.scheduledJobs(CANDIDATES));
    List<Waiters.Waiter> outranking = waiters.outranking(agent, self);
    Look look = Look.NOTHING;
    for (RunnableJob candidate : candidates) {
      if (!AgentQuery.matches(candidate.agentQuery(), agent.tags())
          || Waiters.passOver(candidate, outranking)) {
        continue;
      }
      switch (lock.attempt(candidate, () -> assign(agent, candidate))) {
        case ASSIGNED -> {
          shared.taken(candidate.jobId());
          return new Look(Optional.of(candidate.jobId()), false);
        }
        case BUSY -> look = Look.BUSY;
        case PASSED -> {}
      }
    }
    return look;
  }

  /**
   * True if the agent disconnected while this poll ran: here (its wait was closed) or, for an agent
   * that was connected when the poll began, on another server sharing the database. Read after the
   * assignment is written, while a disconnect is written before it looks for the agent's jobs, so
   * one of the two always sees the other. With a database of its own, every disconnect comes
   * through this server and closes the wait, so the agent's row is read only when it is shared.
   */
  private boolean departed(AgentRecord agent, Waiters.Waiter self) {
    if (Waiters.closed(self)) {
      return true;
    }
    return lock.sharedDatabase()
        && agent.connected()
        && !agents.byId(agent.id()).map(AgentRecord::connected).orElse(false);
  }

  /** Puts back a job just assigned to an agent that left; the poll then ends with nothing. */
  private Optional<String> release(AgentRecord agent, String jobId) {
    store
        .buildIdOfJob(jobId)
        .ifPresent(buildId ->
            writer.execute(buildId, new Command.ReleaseJob(jobId, agent.id(), "disconnected")));
    return Optional.empty();
  }

  private boolean assign(AgentRecord agent, RunnableJob candidate) {
    Optional<BuildWriter.Outcome> outcome =
        writer.execute(
            candidate.buildId(),
            new Command.AssignJob(candidate.jobId(), agent.id(), agent.name()));
    return outcome.isPresent() && outcome.get().changed();
  }
}
