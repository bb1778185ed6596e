package dev.cairn.agent.worker;

import dev.cairn.agent.job.JobRunner;

/**
 * The worker's stop protocol. A graceful stop must interrupt a waiting ping (a long poll can take
 * 20 s) but never a running job, so the stop request and the "busy with a job" flag are decided
 * under one lock: the pinger thread is interrupted only while it is not busy, and a job is begun
 * only while no stop was requested. Thread-safe.
 */
final class Lifecycle {
  private final Object lock = new Object();
  private Thread pinger;
  private boolean stopping;
  private JobRunner job;

  void attach(Thread thread) {
    synchronized (lock) {
      pinger = thread;
      if (stopping) {
        thread.interrupt();
      }
    }
  }

  /** After this, a stop request no longer interrupts the worker thread (it is disconnecting). */
  void detach() {
    synchronized (lock) {
      pinger = null;
    }
  }

  boolean stopping() {
    synchronized (lock) {
      return stopping;
    }
  }

  boolean beginJob(JobRunner runner) {
    synchronized (lock) {
      if (stopping) {
        return false;
      }
      job = runner;
      return true;
    }
  }

  /**
   * Begins a job that was already taken from the server (acquired), so it runs even if a graceful
   * stop came meanwhile; an ungraceful stop still reaches it.
   */
  void beginTakenJob(JobRunner runner) {
    synchronized (lock) {
      job = runner;
    }
  }

  void endJob() {
    synchronized (lock) {
      job = null;
    }
  }

  /** Graceful: no new jobs; a waiting ping is interrupted; a running job carries on. */
  void requestStop() {
    synchronized (lock) {
      if (stopping) {
        return;
      }
      stopping = true;
      if (job == null && pinger != null && pinger != Thread.currentThread()) {
        pinger.interrupt();
      }
    }
  }

  /** Ungraceful: as {@link #requestStop()}, and the running job is cancelled. */
  void requestCancel() {
    requestStop();
    synchronized (lock) {
      if (job != null) {
        job.cancelForAgentStop();
      }
    }
  }
}
