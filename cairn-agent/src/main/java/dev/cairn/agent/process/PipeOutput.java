package dev.cairn.agent.process;

import com.sun.jna.Memory;
import com.sun.jna.Native;
import java.io.IOException;
import java.io.InputStream;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The reading end of the pipe a {@link DirectSpawn}ed step writes its stdout and stderr to. Reads
 * block, as a {@link Process}'s input stream does (the job reads it on a platform thread of its
 * own), and end when every writer has closed the pipe. Not thread-safe: one reader, and {@link
 * #close} only once it has stopped reading.
 */
final class PipeOutput extends InputStream {
  /** The default Linux pipe capacity: one read can empty a full pipe. */
  private static final int READ_BYTES = 64 * 1024;

  private final int fd;
  private final Memory buffer = new Memory(READ_BYTES);
  private final AtomicBoolean closed = new AtomicBoolean();

  PipeOutput(int fd) {
    this.fd = fd;
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
    if (closed.get()) {
      throw new IOException("the step's output is closed");
    }
    while (true) {
      long read = Libc.read(fd, buffer, Math.min(length, READ_BYTES));
      if (read > 0) {
        buffer.read(0, into, offset, (int) read);
        return (int) read;
      }
      if (read == 0) {
        return -1;
      }
      int error = Native.getLastError();
      if (error != Libc.EINTR) {
        throw new IOException("reading the step's output failed: errno " + error);
      }
    }
  }

  /** Closes the pipe; a step still writing to it gets SIGPIPE. Idempotent. */
  @Override
  public void close() {
    if (closed.compareAndSet(false, true)) {
      Spawn.closeQuietly(fd);
      buffer.close();
    }
  }
}
