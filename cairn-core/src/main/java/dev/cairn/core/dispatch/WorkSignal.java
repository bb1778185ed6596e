package dev.cairn.core.dispatch;

import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Wakes long-polling agents when jobs become runnable. A generation counter, read before looking
 * for work and waited on after, means a wake-up that happens between the look and the wait is never
 * missed. Thread-safe.
 */
public final class WorkSignal {
  private final ReentrantLock lock = new ReentrantLock();
  private final Condition changed = lock.newCondition();
  private long generation;

  public long generation() {
    lock.lock();
    try {
      return generation;
    } finally {
      lock.unlock();
    }
  }

  public void notifyWork() {
    lock.lock();
    try {
      generation++;
      changed.signalAll();
    } finally {
      lock.unlock();
    }
  }

  /** Waits until the generation moves past {@code seen} or {@code timeout} passes. */
  public void awaitChange(long seen, Duration timeout) throws InterruptedException {
    long nanos = timeout.toNanos();
    lock.lock();
    try {
      while (generation == seen && nanos > 0) {
        nanos = changed.awaitNanos(nanos);
      }
    } finally {
      lock.unlock();
    }
  }

  /** Convenience for tests and callers holding a plain millisecond budget. */
  public void awaitChange(long seen, long millis) throws InterruptedException {
    awaitChange(seen, Duration.ofNanos(TimeUnit.MILLISECONDS.toNanos(millis)));
  }
}
