package dev.cairn.agent.log;

import java.io.ByteArrayOutputStream;
import java.io.OutputStream;

/** The bytes written since the last drain. Thread-safe. */
final class LogBuffer extends OutputStream {
  private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();

  @Override
  public synchronized void write(int b) {
    bytes.write(b);
  }

  @Override
  public synchronized void write(byte[] data, int offset, int length) {
    bytes.write(data, offset, length);
  }

  synchronized byte[] drain() {
    byte[] drained = bytes.toByteArray();
    bytes.reset();
    return drained;
  }
}
