package dev.cairn.agent.log;

import java.io.OutputStream;
import java.time.Duration;
import java.util.Arrays;
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
  private byte[] bytes = new byte[8 * 1024];
  private int size;
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
      while (size >= limit && !released) {
        drained.awaitUninterruptibly();
      }
      if (size + length > bytes.length) {
        bytes = Arrays.copyOf(bytes, Math.max(size + length, bytes.length * 2));
      }
      System.arraycopy(data, offset, bytes, size, length);
      size += length;
      if (size >= ready || !everDrained) {
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
      while (nanos > 0 && size < ready && (everDrained || size == 0)) {
        nanos = filled.awaitNanos(nanos);
      }
    } finally {
      lock.unlock();
    }
  }

  /**
   * Takes the pending bytes. While writers may still come (before {@link #release()}) and at least
   * {@code ready} bytes are pending, only a whole multiple of {@code ready} is taken and the rest
   * stays for the next drain: the streamer's {@code ready} is its chunk size, so full chunks are
   * not followed by a short one, which would be an upload of its own.
   */
  byte[] drain() {
    lock.lock();
    try {
      int take = size >= ready && !released ? size - size % ready : size;
      byte[] pending = Arrays.copyOf(bytes, take);
      System.arraycopy(bytes, take, bytes, 0, size - take);
      size -= take;
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
