package dev.cairn.core.dispatch;

import java.time.Duration;

/**
 * Wakes long-polling agents when jobs become runnable. A generation counter, read before looking
 * for work and waited on after, means a wake-up that happens between the look and the wait is never
 * missed.
 *
 * <p>{@link #inProcess()} wakes only the pollers of this server: enough for the embedded database,
 * where one server owns the data. Servers sharing a database use an implementation that also
 * carries {@link #notifyWork()} to the other servers (the store's PostgreSQL one uses {@code
 * LISTEN/NOTIFY}). Implementations are thread-safe.
 */
public interface WorkSignal {

  /** A signal that wakes the pollers of this process only. */
  static WorkSignal inProcess() {
    return new LocalWorkSignal();
  }

  /** The current generation; read it before looking for work. */
  long generation();

  /** Says that work may have become runnable: wakes every waiter. */
  void notifyWork();

  /** Waits until the generation moves past {@code seen} or {@code timeout} passes. */
  void awaitChange(long seen, Duration timeout) throws InterruptedException;
}
