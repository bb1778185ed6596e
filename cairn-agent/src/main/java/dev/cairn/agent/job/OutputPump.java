package dev.cairn.agent.job;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.locks.LockSupport;

/**
 * Copies a child's output (a pipe, or a pseudo-terminal's master) into the job log on a (pooled)
 * platform thread, in reads of up to a pipe's capacity, while the job's (virtual) thread waits for
 * it.
 *
 * <p>Design note: a virtual thread blocked in a pipe read pins its carrier and makes the scheduler
 * compensate with another one on every read; for a job that prints a line at a time that is a
 * scheduler round trip per line, which profiles of a 100 MB log showed as the agent's largest cost.
 * A platform thread blocks in the read as a plain thread does. After a short read the pump waits a
 * millisecond before reading again, so that a child printing a line at a time is read (and
 * redacted, stamped and buffered) in batches of many lines rather than one read per line; a
 * millisecond is nothing to a log uploaded every second, and a fast child still finds the pump
 * reading at once because its reads come back long. Not thread-safe: one pump per child.
 */
final class OutputPump implements Runnable {
  /** The default Linux pipe capacity: one read can empty a full pipe. */
  private static final int READ_BYTES = 64 * 1024;

  /** A pipe read shorter than this means the child prints slowly, a line or so at a time. */
  private static final int SHORT_PIPE_READ_BYTES = 4 * 1024;

  /**
   * The same for a pseudo-terminal, whose reads never return more than its line discipline's 4 KB
   * buffer: a quarter of that, so a fast child's full reads never wait.
   */
  private static final int SHORT_TERMINAL_READ_BYTES = 1024;

  /** How long to let a slow child's output gather before the next read. */
  private static final long GATHER_NANOS = 1_000_000;

  /**
   * The pumps' platform threads, kept for reuse rather than started for each step: a job of one
   * short command otherwise pays for a thread's creation and teardown (its stack mapped and
   * unmapped, the JVM's per-thread set-up) every time.
   */
  private static final ExecutorService THREADS =
      Executors.newCachedThreadPool(
          Thread.ofPlatform().name("cairn-output-", 0).daemon().factory());

  private final InputStream in;
  private final OutputStream out;
  private final int shortReadBytes;
  private IOException failure;

  private OutputPump(InputStream in, OutputStream out, int shortReadBytes) {
    this.in = in;
    this.out = out;
    this.shortReadBytes = shortReadBytes;
  }

  /**
   * Copies {@code in} to {@code out} until the end of {@code in}. Waits uninterruptibly, as a
   * blocked pipe read would (stopping the child ends its output); an interrupt is kept for the
   * caller's next wait.
   *
   * @param terminal whether {@code in} is a pseudo-terminal (else a pipe)
   * @throws IOException if reading or writing failed
   */
  static void copy(InputStream in, OutputStream out, String name, boolean terminal)
      throws IOException {
    OutputPump pump =
        new OutputPump(in, out, terminal ? SHORT_TERMINAL_READ_BYTES : SHORT_PIPE_READ_BYTES);
    Future<?> copied = THREADS.submit(() -> pump.runAs(name));
    boolean interrupted = false;
    while (true) {
      try {
        copied.get();
        break;
      } catch (InterruptedException e) {
        interrupted = true;
      } catch (ExecutionException e) {
        throw new IllegalStateException("copying the output failed", e.getCause());
      }
    }
    if (interrupted) {
      Thread.currentThread().interrupt();
    }
    if (pump.failure != null) {
      throw pump.failure;
    }
  }

  /** Runs the pump under {@code name}, which the pooled thread gives up afterwards. */
  private void runAs(String name) {
    Thread thread = Thread.currentThread();
    String idle = thread.getName();
    thread.setName(name);
    try {
      run();
    } finally {
      thread.setName(idle);
    }
  }

  @Override
  public void run() {
    byte[] buffer = new byte[READ_BYTES];
    try {
      int read;
      while ((read = in.read(buffer)) >= 0) {
        out.write(buffer, 0, read);
        if (read < shortReadBytes) {
          LockSupport.parkNanos(GATHER_NANOS);
        }
      }
    } catch (IOException e) {
      failure = e;
    }
  }
}
