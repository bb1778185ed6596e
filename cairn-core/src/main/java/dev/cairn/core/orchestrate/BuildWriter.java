package dev.cairn.core.orchestrate;

import dev.cairn.core.build.BuildEvent;
import dev.cairn.core.build.BuildState;
import dev.cairn.core.decide.Command;
import dev.cairn.core.decide.Decider;
import dev.cairn.core.decide.Decision;
import dev.cairn.core.port.BuildStore;
import dev.cairn.core.port.ConcurrencyLimitReachedException;
import dev.cairn.core.port.VersionConflictException;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * Applies a command to a build the only safe way: read the state, let the decider judge, append
 * with the version that was read, and on a conflict read again and judge again. The version check
 * in the store is the compare-and-set that makes two agents unable to take one job; {@link
 * BuildLocks} may also keep commands on one build from racing in this process. Thread-safe.
 */
public final class BuildWriter {
  private static final int MAX_ATTEMPTS = 200;

  private final BuildStore store;
  private final Decider decider = new Decider();
  private final InstantSource clock;
  private final Consumer<List<BuildEvent>> afterCommit;
  private final BuildLocks locks;

  /**
   * A writer whose commands race and are settled by the store's version check alone.
   *
   * @param afterCommit hears every committed batch of events (for example to wake long polls)
   */
  public BuildWriter(
      BuildStore store, InstantSource clock, Consumer<List<BuildEvent>> afterCommit) {
    this(store, clock, afterCommit, BuildLocks.none());
  }

  /**
   * @param afterCommit hears every committed batch of events (for example to wake long polls)
   * @param locks whether commands on one build wait for each other in this process
   */
  public BuildWriter(
      BuildStore store,
      InstantSource clock,
      Consumer<List<BuildEvent>> afterCommit,
      BuildLocks locks) {
    this.store = store;
    this.clock = clock;
    this.afterCommit = afterCommit;
    this.locks = locks;
  }

  /** The outcome of a command: the decision and the build's state after it. */
  public record Outcome(Decision decision, BuildState state) {
    public boolean accepted() {
      return decision instanceof Decision.Accepted;
    }

    /** True when the command was accepted and changed something. */
    public boolean changed() {
      return decision instanceof Decision.Accepted a && !a.events().isEmpty();
    }
  }

  /** Stores a new build: its creation events plus whatever the decider says follows. */
  public BuildState create(List<BuildEvent> creation) {
    BuildState state = BuildState.replay(creation);
    store.create(creation, state);
    afterCommit.accept(creation);
    return state;
  }

  /** Runs {@code command} against the build, or returns empty when there is no such build. */
  public Optional<Outcome> execute(String buildId, Command command) {
    return locks.holding(buildId, () -> attempt(buildId, List.of(command)));
  }

  /**
   * Runs {@code commands} one after the other against the build and stores all their events in one
   * append, or none of them: the first command the decider rejects is the outcome and nothing is
   * stored. Empty when there is no such build.
   */
  public Optional<Outcome> executeAll(String buildId, List<Command> commands) {
    return locks.holding(buildId, () -> attempt(buildId, commands));
  }

  private Optional<Outcome> attempt(String buildId, List<Command> commands) {
    for (int attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
      Optional<BuildState> loaded = store.load(buildId);
      if (loaded.isEmpty()) {
        return Optional.empty();
      }
      BuildState before = loaded.get();
      BuildState after = before;
      List<BuildEvent> events = new ArrayList<>();
      Decision decision = null;
      for (Command command : commands) {
        decision = decider.decide(after, command, clock.instant());
        if (!(decision instanceof Decision.Accepted accepted)) {
          return Optional.of(new Outcome(decision, before));
        }
        for (BuildEvent event : accepted.events()) {
          after = after.apply(event);
          events.add(event);
        }
      }
      if (events.isEmpty()) {
        return Optional.of(new Outcome(decision, before));
      }
      Decision.Accepted all = new Decision.Accepted(events);
      try {
        store.append(before, events, after);
      } catch (VersionConflictException conflict) {
        Thread.onSpinWait();
        continue;
      } catch (ConcurrencyLimitReachedException full) {
        return Optional.of(new Outcome(new Decision.Rejected(full.getMessage()), before));
      }
      afterCommit.accept(events);
      return Optional.of(new Outcome(all, after));
    }
    throw new IllegalStateException(
        "build " + buildId + " kept changing under " + MAX_ATTEMPTS + " attempts of " + commands);
  }
}
