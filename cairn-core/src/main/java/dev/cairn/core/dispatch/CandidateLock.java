package dev.cairn.core.dispatch;

import dev.cairn.core.port.BuildStore.RunnableJob;
import java.util.function.BooleanSupplier;

/**
 * Makes one server's attempt to hand a candidate job to an agent exclusive among the servers that
 * share a database. The build's version check already guarantees one agent per job; the lock only
 * keeps servers from doing the same work twice and from queueing behind each other: a server that
 * finds a candidate held by another moves on to the next one.
 *
 * <p>{@link #none()} takes no lock (one server per database, as with the embedded database). The
 * store's PostgreSQL implementation runs the assignment inside a transaction that holds the job's
 * and its build's rows with {@code SELECT ... FOR UPDATE SKIP LOCKED}.
 */
public interface CandidateLock {

  /** What came of one attempt. */
  enum Attempt {
    /** The job was handed to the agent. */
    ASSIGNED,
    /**
     * The lock was taken but the job was not assigned (it moved on, or the agent cannot take it).
     */
    PASSED,
    /** Someone else holds the job or its build right now; try another candidate or come back. */
    BUSY
  }

  /** No lock: every attempt runs. */
  static CandidateLock none() {
    return new CandidateLock() {
      @Override
      public Attempt attempt(RunnableJob candidate, BooleanSupplier assign) {
        return assign.getAsBoolean() ? Attempt.ASSIGNED : Attempt.PASSED;
      }

      @Override
      public boolean sharedDatabase() {
        return false;
      }
    };
  }

  /** Whether other servers may assign jobs from the same database; not so for {@link #none()}. */
  default boolean sharedDatabase() {
    return true;
  }

  /**
   * Runs {@code assign} (true when it handed the job over) while holding {@code candidate}, or
   * returns {@link Attempt#BUSY} without running it.
   */
  Attempt attempt(RunnableJob candidate, BooleanSupplier assign);
}
