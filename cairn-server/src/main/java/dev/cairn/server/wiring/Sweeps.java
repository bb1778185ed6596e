package dev.cairn.server.wiring;

import dev.cairn.store.SweepLeadership;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BooleanSupplier;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs the periodic sweeps, a round a second: due deadlines (timeouts, expiry), silent agents, and
 * the trigger sweep's timer round. Each sweep reads what is due from the store, so whichever server
 * runs a round does the work of all of them.
 *
 * <p>On PostgreSQL several servers share the database and only the one that {@linkplain
 * SweepLeadership leads} runs a round; on the others the round is left to it (and counted as left).
 * Leadership moves to another server when the leader stops, dies or is cut off (within about 11 s,
 * see {@code AdvisoryLockLeadership}), so some server always runs the sweeps. A round still running
 * after {@link #STUCK} (a statement hanging on a lock, say), or a timer that stopped ticking, makes
 * this server resign, so the others are not held up by it. On the embedded database the one server
 * always leads.
 *
 * <p>One failed sweep is logged and the others in the round still run; the next round tries again,
 * so a database hiccup cannot stop the timers for good. Thread-safe.
 */
final class Sweeps implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(Sweeps.class);
  static final Duration STUCK = Duration.ofMinutes(1);

  private final List<Runnable> sweeps;
  private final SweepLeadership leadership;
  private final ScheduledExecutorService timer;
  private final AtomicLong run = new AtomicLong();
  private final AtomicLong left = new AtomicLong();

  /** {@link System#nanoTime()} when the timer last ticked: at the start and end of each round. */
  private volatile long lastTick = System.nanoTime();

  /**
   * Starts competing for the sweeps with {@code elect} (given whether this server is still fit to
   * lead) and runs {@code sweeps} in order every second while this server leads.
   */
  Sweeps(List<Runnable> sweeps, Function<BooleanSupplier, SweepLeadership> elect) {
    this.sweeps = List.copyOf(sweeps);
    this.leadership = elect.apply(this::notStuck);
    this.timer =
        Executors.newSingleThreadScheduledExecutor(
            Thread.ofPlatform().daemon().name("cairn-timers").factory());
    // The future is not needed: the task catches its own failures and runs until shutdown.
    var unused = timer.scheduleWithFixedDelay(this::round, 1, 1, TimeUnit.SECONDS);
  }

  private void round() {
    lastTick = System.nanoTime();
    if (!leadership.leading()) {
      left.incrementAndGet();
      return;
    }
    for (Runnable sweep : sweeps) {
      try {
        sweep.run();
      } catch (RuntimeException e) {
        LOG.warn("a periodic sweep failed; the next round tries again", e);
      }
    }
    run.incrementAndGet();
    lastTick = System.nanoTime();
  }

  /**
   * False when a round has run for longer than {@link #STUCK}, or the timer stopped ticking (an
   * error escaped a sweep and ended it): either way this server should not hold the sweeps.
   */
  private boolean notStuck() {
    return System.nanoTime() - lastTick < STUCK.toNanos();
  }

  /** Rounds this server ran. */
  long roundsRun() {
    return run.get();
  }

  /** Rounds this server left to the server that leads (always 0 on the embedded database). */
  long roundsLeft() {
    return left.get();
  }

  /** Stops the rounds and gives the leadership up, so another server takes the sweeps at once. */
  @Override
  public void close() {
    timer.shutdownNow();
    leadership.close();
  }
}
