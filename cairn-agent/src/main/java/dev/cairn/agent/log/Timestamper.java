package dev.cairn.agent.log;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.InstantSource;

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

  @Override
  public synchronized void write(byte[] bytes, int offset, int length) throws IOException {
    int start = offset;
    int end = offset + length;
    while (start < end) {
      if (atLineStart) {
        out.write(stampNow());
        atLineStart = false;
      }
      int newline = indexOfNewline(bytes, start, end);
      int stop = newline < 0 ? end : newline + 1;
      out.write(bytes, start, stop - start);
      atLineStart = newline >= 0;
      start = stop;
    }
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

  private static int indexOfNewline(byte[] bytes, int from, int to) {
    for (int i = from; i < to; i++) {
      if (bytes[i] == '\n') {
        return i;
      }
    }
    return -1;
  }
}
