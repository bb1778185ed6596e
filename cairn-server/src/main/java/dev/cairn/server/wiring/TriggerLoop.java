package dev.cairn.server.wiring;

import dev.cairn.core.build.BuildEvent;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.IntSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs the trigger sweep on its own thread, soon after a committed change that may concern a
 * trigger job and at least once a second. Wake-ups coalesce: while a sweep is pending, more
 * wake-ups add nothing, so a busy server sweeps at most once per change burst. The sweep itself
 * reads everything it needs from the store, so a missed wake-up only delays it to the next timer
 * round. Wake-ups come from the changes this server writes; the timer round runs only on the server
 * that leads the periodic sweeps ({@link Sweeps}), which also picks up what another server's
 * wake-up left undone.
 */
final class TriggerLoop implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(TriggerLoop.class);

  private final ExecutorService thread =
      Executors.newSingleThreadExecutor(
          Thread.ofPlatform().daemon().name("cairn-triggers").factory());
  private final AtomicBoolean pending = new AtomicBoolean();

  /** Set once this server has seen a trigger job, so dispatch-only servers skip most wake-ups. */
  private final AtomicBoolean triggersSeen = new AtomicBoolean();

  private volatile IntSupplier sweep = () -> 0;

  void start(IntSupplier sweep) {
    this.sweep = sweep;
    sweepSoon();
  }

  /** Wakes the sweep for events that may start, finish or cancel a trigger job's build. */
  void wake(List<BuildEvent> events) {
    boolean concerns = false;
    for (BuildEvent event : events) {
      switch (event) {
        case BuildEvent.JobsAdded e -> {
          if (e.jobs().stream().anyMatch(j -> j.details().trigger().isPresent())) {
            triggersSeen.set(true);
            concerns = true;
          }
        }
        case BuildEvent.JobRetried e -> {
          if (e.retry().details().trigger().isPresent()) {
            triggersSeen.set(true);
            concerns = true;
          }
        }
        case BuildEvent.JobScheduled e -> concerns |= triggersSeen.get();
        case BuildEvent.JobCanceling e -> concerns |= triggersSeen.get();
        case BuildEvent.BuildCreated e -> concerns |= e.triggeredFrom().isPresent();
        case BuildEvent.BuildFinished e -> concerns = true;
        default -> {}
      }
    }
    if (concerns) {
      sweepSoon();
    }
  }

  /** Sweeps on the loop's thread unless a sweep is already waiting to run. */
  void sweepSoon() {
    if (!pending.compareAndSet(false, true)) {
      return;
    }
    try {
      thread.execute(this::run);
    } catch (RejectedExecutionException closed) {
      pending.set(false);
    }
  }

  private void run() {
    pending.set(false);
    try {
      // One sweep handles at most a batch of each kind; go on while there was work.
      for (int round = 0; round < 10 && sweep.getAsInt() > 0; round++) {
        // Each round reads the store afresh.
      }
    } catch (RuntimeException e) {
      LOG.warn("a trigger sweep failed; the next one tries again", e);
    }
  }

  @Override
  public void close() {
    thread.shutdownNow();
  }
}
