package dev.cairn.agent.log;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.InstantSource;
import java.util.Arrays;

/**
 * Inserts the official agent's ANSI timestamp {@code ESC _ bk;t=<unix ms> BEL} before the first
 * byte of every output line (spec §10.1). The official agent also re-stamps a line written over
 * more than a second; we stamp line starts only. Thread-safe (writes are synchronized).
 */
final class Timestamper extends OutputStream {
  private final OutputStream out;
  private final InstantSource clock;
  private boolean atLineStart = true;
  private long stampedMillis = -1;
  private byte[] stamp = new byte[0];

  /**
   * What one write becomes, stamps included; kept between writes unless a huge write grew it. It
   * starts small, as most jobs print little, and doubles to fit big reads.
   */
  private byte[] staging = new byte[INITIAL_STAGING];

  private int staged;
  private static final int INITIAL_STAGING = 4 * 1024;
  private static final int MAX_KEPT_STAGING = 1024 * 1024;

  Timestamper(OutputStream out, InstantSource clock) {
    this.out = out;
    this.clock = clock;
  }

  static byte[] stamp(long epochMillis) {
    return ("\u001b_bk;t=" + epochMillis + "\u0007").getBytes(StandardCharsets.US_ASCII);
  }

  @Override
  public synchronized void write(int b) throws IOException {
    write(new byte[] {(byte) b}, 0, 1);
  }

  /**
   * Stamps the lines of one write into a staging buffer and hands that on in a single write: a pipe
   * read holds hundreds of short lines, and writing each stamp and line separately cost two locked
   * buffer appends per line.
   */
  @Override
  public synchronized void write(byte[] bytes, int offset, int length) throws IOException {
    int start = offset;
    int end = offset + length;
    staged = 0;
    while (start < end) {
      if (atLineStart) {
        stage(stampNow(), 0, stamp.length);
        atLineStart = false;
      }
      int newline = indexOfNewline(bytes, start, end);
      int stop = newline < 0 ? end : newline + 1;
      stage(bytes, start, stop - start);
      atLineStart = newline >= 0;
      start = stop;
    }
    out.write(staging, 0, staged);
    if (staging.length > MAX_KEPT_STAGING) {
      staging = new byte[INITIAL_STAGING];
    }
  }

  private void stage(byte[] bytes, int offset, int length) {
    if (staged + length > staging.length) {
      staging = Arrays.copyOf(staging, Math.max(staged + length, staging.length * 2));
    }
    System.arraycopy(bytes, offset, staging, staged, length);
    staged += length;
  }

  /** The stamp for now; lines printed in bulk share a millisecond, so its bytes are reused. */
  private byte[] stampNow() {
    long now = clock.millis();
    if (now != stampedMillis) {
      stamp = stamp(now);
      stampedMillis = now;
    }
    return stamp;
  }

  @Override
  public void flush() throws IOException {
    out.flush();
  }

  /** The index of the first {@code \n} in {@code bytes[from, to)}, or -1. */
  static int indexOfNewline(byte[] bytes, int from, int to) {
    for (int i = from; i < to; i++) {
      if (bytes[i] == '\n') {
        return i;
      }
    }
    return -1;
  }
}
