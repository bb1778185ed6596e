package dev.cairn.agent.log;

import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.time.Duration;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The bytes written since the last drain, bounded: a writer waits while {@code limit} bytes are
 * pending, so a job that prints faster than the log can be uploaded is slowed down (its output pipe
 * fills, as a terminal would make it wait) instead of the agent's memory growing with the log. The
 * streamer's ticker waits in {@link #awaitCut} until a full chunk is pending, the first bytes of
 * the log arrive (shown at once, so a job is seen to start), or the flush interval ends. After
 * {@link #release()} writers no longer wait. Thread-safe.
 */
final class LogBuffer extends OutputStream {
  private final int ready;
  private final int limit;
  private final ReentrantLock lock = new ReentrantLock();
  private final Condition drained = lock.newCondition();
  private final Condition filled = lock.newCondition();
  private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
  private boolean everDrained;
  private boolean released;

  /**
   * @param ready pending bytes that make a chunk worth cutting at once
   * @param limit pending bytes at which writers wait (at least {@code ready})
   */
  LogBuffer(int ready, int limit) {
    if (ready < 1 || limit < ready) {
      throw new IllegalArgumentException("need 0 < ready <= limit, got " + ready + ", " + limit);
    }
    this.ready = ready;
    this.limit = limit;
  }

  @Override
  public void write(int b) {
    write(new byte[] {(byte) b}, 0, 1);
  }

  @Override
  public void write(byte[] data, int offset, int length) {
    lock.lock();
    try {
      while (bytes.size() >= limit && !released) {
        drained.awaitUninterruptibly();
      }
      bytes.write(data, offset, length);
      if (bytes.size() >= ready || !everDrained) {
        filled.signalAll();
      }
    } finally {
      lock.unlock();
    }
  }

  /** Waits until a chunk is ready, the log's first bytes are pending, or {@code interval} ends. */
  void awaitCut(Duration interval) throws InterruptedException {
    long nanos = interval.toNanos();
    lock.lock();
    try {
      while (nanos > 0 && bytes.size() < ready && (everDrained || bytes.size() == 0)) {
        nanos = filled.awaitNanos(nanos);
      }
    } finally {
      lock.unlock();
    }
  }

  byte[] drain() {
    lock.lock();
    try {
      byte[] pending = bytes.toByteArray();
      bytes.reset();
      if (pending.length > 0) {
        everDrained = true;
      }
      drained.signalAll();
      return pending;
    } finally {
      lock.unlock();
    }
  }

  /** From now on writers never wait (the streamer is closing and drains one last time). */
  void release() {
    lock.lock();
    try {
      released = true;
      drained.signalAll();
    } finally {
      lock.unlock();
    }
  }
}
