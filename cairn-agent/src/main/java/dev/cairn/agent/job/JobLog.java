package dev.cairn.agent.job;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;

/** Text the agent itself writes into a job's log (headers, refusals, notes between steps). */
final class JobLog {
  private JobLog() {}

  /**
   * Writes {@code text} as UTF-8 to {@code log}, the job's in-memory log stream (redacting, then
   * buffered), which cannot fail.
   */
  static void write(OutputStream log, String text) {
    try {
      log.write(text.getBytes(StandardCharsets.UTF_8));
    } catch (IOException e) {
      throw new IllegalStateException("the in-memory log cannot fail", e);
    }
  }
}
