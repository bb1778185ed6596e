package dev.cairn.agent.log;

import java.io.IOException;
import java.io.OutputStream;
import java.util.Arrays;

/**
 * Replaces every secret value of a {@link Redactor} with {@code [REDACTED]} on its way to {@code
 * out}.
 *
 * <p>Design note: output arrives in arbitrary pieces (a pipe read, a PTY read), so a secret may be
 * split across two writes. The stream therefore holds back the shortest tail of what it was given
 * that could still be the start of a secret, and decides about it when more bytes arrive, on {@link
 * #release()} (the end of a process's output) or on {@link #close()}. Everything else passes
 * through at once, so a live log is delayed only by a possible secret prefix. Where two secrets
 * match at one place, the longest wins. The redactor may be swapped at any time ({@link #update});
 * held-back bytes are judged by the new one. Thread-safe (methods are synchronized).
 */
public final class RedactingOutputStream extends OutputStream {
  private final OutputStream out;
  private Redactor redactor;
  private byte[] pending = new byte[0];

  public RedactingOutputStream(OutputStream out, Redactor redactor) {
    this.out = out;
    this.redactor = redactor;
  }

  public synchronized void update(Redactor redactor) {
    this.redactor = redactor;
  }

  public synchronized Redactor redactor() {
    return redactor;
  }

  @Override
  public synchronized void write(int b) throws IOException {
    write(new byte[] {(byte) b}, 0, 1);
  }

  @Override
  public synchronized void write(byte[] bytes, int offset, int length) throws IOException {
    if (redactor.isEmpty() && pending.length == 0) {
      out.write(bytes, offset, length);
      return;
    }
    if (pending.length == 0) {
      pending = scan(bytes, offset, offset + length, false);
      return;
    }
    byte[] data = Arrays.copyOf(pending, pending.length + length);
    System.arraycopy(bytes, offset, data, pending.length, length);
    pending = scan(data, 0, data.length, false);
  }

  /** Writes out any held-back bytes: nothing more of a split secret is coming. */
  public synchronized void release() throws IOException {
    if (pending.length > 0) {
      pending = scan(pending, 0, pending.length, true);
    }
    out.flush();
  }

  @Override
  public synchronized void flush() throws IOException {
    out.flush();
  }

  @Override
  public synchronized void close() throws IOException {
    release();
    out.close();
  }

  /**
   * Writes the redacted form of {@code data[from, to)} straight to {@code out} (no copy of the
   * clean runs between secrets), returning the tail held back (empty when final).
   */
  private byte[] scan(byte[] data, int from, int to, boolean last) throws IOException {
    int start = from;
    int i = from;
    while (i < to) {
      if (!redactor.mayStartAt(data, i, to)) {
        i++;
        continue;
      }
      int match = matchAt(data, i, to, last);
      if (match == PARTIAL) {
        out.write(data, start, i - start);
        return Arrays.copyOfRange(data, i, to);
      }
      if (match > 0) {
        out.write(data, start, i - start);
        out.write(Redactor.REPLACEMENT);
        i += match;
        start = i;
      } else {
        i++;
      }
    }
    if (to > start) {
      out.write(data, start, to - start);
    }
    return EMPTY;
  }

  private static final byte[] EMPTY = new byte[0];

  /** What {@link #matchAt} answers when a secret may continue past the end of the data. */
  private static final int PARTIAL = -1;

  /** The length of the longest secret at {@code at}, 0 for none, or {@link #PARTIAL}. */
  private int matchAt(byte[] data, int at, int to, boolean last) {
    int available = to - at;
    for (byte[] needle : redactor.needles()) {
      int n = Math.min(needle.length, available);
      if (!Arrays.equals(data, at, at + n, needle, 0, n)) {
        continue;
      }
      if (n == needle.length) {
        return n;
      }
      if (!last) {
        return PARTIAL;
      }
    }
    return 0;
  }
}
