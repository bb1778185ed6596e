package dev.cairn.store.replica;

import dev.cairn.core.dispatch.CandidateLock;
import dev.cairn.core.job.JobState;
import dev.cairn.core.port.BuildStore.RunnableJob;
import java.util.Optional;
import java.util.function.BooleanSupplier;
import org.jdbi.v3.core.Jdbi;

/**
 * Claims a dispatch candidate on PostgreSQL for the length of the transaction that assigns it.
 *
 * <p>Design. The claim is {@code SELECT ... FROM jobs JOIN builds ... FOR UPDATE SKIP LOCKED} on
 * the candidate, which locks the job's row and its build's row together or, when either is held,
 * returns nothing at once ({@link Attempt#BUSY}) so the dispatcher moves on to the next candidate
 * instead of queueing. The assignment then runs inside the same transaction: JDBI hands nested
 * {@code withHandle}/{@code inTransaction} calls on this thread the same handle, so the build
 * writer's load and its compare-and-set append join the claim, and both rows are released by the
 * one commit. Why both rows: every write to a build updates its {@code builds} row first and its
 * job rows after, so a claim that held the job row and then waited for the build row could deadlock
 * with a writer (say a cancel) holding the build row and waiting for the job row. Taking both at
 * once, and never waiting, keeps the claim out of every lock cycle. Why not a separate short claim
 * (a lease column): it would need expiry and clean-up after a crash, whereas a row lock dies with
 * its connection, so a server killed mid-assignment leaves nothing behind.
 *
 * <p>The version check of the append still decides who gets a job; the lock only keeps two servers
 * from doing the same work, and a candidate that is no longer scheduled is passed over.
 */
public final class SkipLockedCandidates implements CandidateLock {
  private final Jdbi jdbi;

  public SkipLockedCandidates(Jdbi jdbi) {
    this.jdbi = jdbi;
  }

  @Override
  public Attempt attempt(RunnableJob candidate, BooleanSupplier assign) {
    return jdbi.inTransaction(h -> {
      Optional<String> state =
          h.createQuery(
                  "SELECT j.state FROM jobs j JOIN builds b ON b.id = j.build_id"
                      + " WHERE j.id = :id FOR UPDATE SKIP LOCKED")
              .bind("id", candidate.jobId())
              .mapTo(String.class)
              .findOne();
      if (state.isEmpty()) {
        return Attempt.BUSY;
      }
      if (!state.get().equals(JobState.SCHEDULED.apiName())) {
        return Attempt.PASSED;
      }
      return assign.getAsBoolean() ? Attempt.ASSIGNED : Attempt.PASSED;
    });
  }
}
