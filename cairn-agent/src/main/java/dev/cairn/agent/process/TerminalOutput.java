package dev.cairn.agent.process;

import com.sun.jna.Memory;
import java.io.IOException;
import java.io.InputStream;
import java.time.Duration;
import java.util.Objects;

/**
 * A step's output read from the master of its {@link PseudoTerminal}. It ends when the terminal
 * reports that no one holds the slave any more (EIO), or — because a background process the step
 * left behind (say under {@code nohup}) may hold the slave for ever — once the step's own process
 * has been gone for a drain period, as the official agent gives its PTY copy 10 seconds after the
 * process exits and then moves on. Closing it closes the terminal. Not thread-safe: one reader.
 */
final class TerminalOutput extends InputStream {
  /** The most one read of a Linux terminal returns (its line discipline's buffer). */
  private static final int READ_BYTES = 4096;

  /** How often a reader waiting for output checks whether the step has gone. */
  private static final int POLL_MILLIS = 100;

  private final PseudoTerminal terminal;
  private final Process process;
  private final long drainNanos;
  private final Memory buffer = new Memory(READ_BYTES);
  private long exitedAt;
  private boolean ended;
  private volatile boolean abandoned;

  TerminalOutput(PseudoTerminal terminal, Process process, Duration drain) {
    this.terminal = terminal;
    this.process = process;
    this.drainNanos = drain.toNanos();
  }

  @Override
  public int read() throws IOException {
    byte[] one = new byte[1];
    int read = read(one, 0, 1);
    return read < 0 ? -1 : one[0] & 0xff;
  }

  @Override
  public int read(byte[] into, int offset, int length) throws IOException {
    Objects.checkFromIndexSize(offset, length, into.length);
    if (length == 0) {
      return 0;
    }
    while (!ended) {
      if (drained()) {
        abandoned = true;
        ended = true;
        break;
      }
      int read = readAvailable(into, offset, length);
      if (read > 0) {
        return read;
      }
      if (!ended) {
        terminal.awaitInput(POLL_MILLIS);
      }
    }
    return -1;
  }

  /**
   * Reads what is there now, up to {@code length}: one terminal read returns at most 4 KB, so a
   * fast step's output is gathered here into reads as long as a pipe's, which keeps the per-read
   * cost of the log pipeline behind it (redaction, timestamps, buffering) as low as on pipes. Sets
   * {@link #ended} at the end of the output; returns 0 if nothing was there.
   */
  private int readAvailable(byte[] into, int offset, int length) throws IOException {
    int total = 0;
    while (total < length) {
      int read = terminal.read(buffer, Math.min(length - total, READ_BYTES));
      if (read <= 0) {
        ended = read < 0;
        break;
      }
      buffer.read(0, into, offset + total, read);
      total += read;
    }
    return total;
  }

  /** Whether the step's process has been gone for the whole drain period. */
  private boolean drained() {
    if (exitedAt == 0) {
      if (process.isAlive()) {
        return false;
      }
      exitedAt = System.nanoTime();
    }
    return System.nanoTime() - exitedAt >= drainNanos;
  }

  /** Whether reading stopped while something still held the terminal open. */
  boolean abandoned() {
    return abandoned;
  }

  @Override
  public void close() {
    ended = true;
    terminal.close();
    buffer.close();
  }
}
