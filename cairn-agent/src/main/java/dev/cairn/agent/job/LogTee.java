package dev.cairn.agent.job;

import java.io.IOException;
import java.io.OutputStream;

/**
 * A job log that also hands every write to a copy (a file, standard output). The copy deals with
 * its own failures: losing it must never lose or fail the log itself.
 */
final class LogTee extends OutputStream {
  /** Where the copy goes; it never throws. */
  interface Copy {
    void write(byte[] bytes, int offset, int length);
  }

  private final OutputStream log;
  private final Copy copy;

  private LogTee(OutputStream log, Copy copy) {
    this.log = log;
    this.copy = copy;
  }

  static OutputStream of(OutputStream log, Copy copy) {
    return new LogTee(log, copy);
  }

  @Override
  public void write(int b) throws IOException {
    write(new byte[] {(byte) b}, 0, 1);
  }

  @Override
  public void write(byte[] bytes, int offset, int length) throws IOException {
    log.write(bytes, offset, length);
    copy.write(bytes, offset, length);
  }

  @Override
  public void flush() throws IOException {
    log.flush();
  }

  @Override
  public void close() throws IOException {
    log.close();
  }
}
