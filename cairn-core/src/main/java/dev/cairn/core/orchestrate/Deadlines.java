package dev.cairn.core.orchestrate;

import dev.cairn.core.decide.Command;
import dev.cairn.core.port.BuildStore;
import dev.cairn.core.port.BuildStore.JobRef;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;

/**
 * Fires the time-based facts of builds: a running job past its {@code timeout_in_minutes} starts
 * timing out, and a job scheduled longer than the expiry time without an agent expires. The
 * deadlines are part of the stored job projection, not in-memory timers, so they survive restarts
 * and any server replica can fire them; firing twice is harmless because the decider ignores a
 * deadline whose job has moved on. Thread-safe; call {@link #fireDue} periodically.
 */
public final class Deadlines {
  private static final int BATCH = 200;

  private final BuildStore store;
  private final BuildWriter writer;
  private final InstantSource clock;
  private final Duration expireAfter;

  public Deadlines(
      BuildStore store, BuildWriter writer, InstantSource clock, Duration expireAfter) {
    this.store = store;
    this.writer = writer;
    this.clock = clock;
    this.expireAfter = expireAfter;
  }

  /** Fires every deadline due now; returns how many jobs it acted on. */
  public int fireDue() {
    Instant now = clock.instant();
    int fired = 0;
    for (JobRef job : store.jobsPastTimeout(now, BATCH)) {
      writer.execute(job.buildId(), new Command.TimeOutJob(job.jobId()));
      fired++;
    }
    for (JobRef job : store.jobsScheduledBefore(now.minus(expireAfter), BATCH)) {
      writer.execute(job.buildId(), new Command.ExpireJob(job.jobId()));
      fired++;
    }
    return fired;
  }
}
