package dev.cairn.agent.job;

import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.OutputStream;

/**
 * The job log also on the agent's standard output ({@code --write-job-logs-to-stdout}), which
 * collects the logs of an agent run in a container without asking the server. The copy is the
 * redacted log without its timestamps, as the official agent writes it; the agent's own messages go
 * to standard error, so standard output holds job output only. Jobs of spawned agents write whole
 * reads at a time under one lock, so their output interleaves by chunks, as the official agent's
 * does.
 */
final class StandardOutputCopy {
  private static final OutputStream STDOUT = new FileOutputStream(FileDescriptor.out);

  private StandardOutputCopy() {}

  /** A stream that writes to {@code log} and also to standard output. */
  static OutputStream tee(OutputStream log) {
    return LogTee.of(log, StandardOutputCopy::write);
  }

  private static void write(byte[] bytes, int offset, int length) {
    synchronized (STDOUT) {
      try {
        STDOUT.write(bytes, offset, length);
      } catch (IOException e) {
        // Standard output is gone (a closed pipe): only the copy is lost, not the log.
      }
    }
  }
}
