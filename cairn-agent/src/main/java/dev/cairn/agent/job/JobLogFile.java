package dev.cairn.agent.job;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A copy of one job's log in a temporary file ({@code --enable-job-log-tmpfile}), whose path the
 * job and its hooks find in {@value #VARIABLE}: a {@code pre-exit} hook can read everything the job
 * logged before it. The file is removed when the job ends.
 *
 * <p>Design note (the official agent's behaviour): the file gets the log as uploaded but for the
 * timestamps, which are the log's markup rather than the job's output, so the copy sits after the
 * redactor and before the timestamper, and secrets are as redacted in it as in the uploaded log. It
 * is made in {@code --job-log-path} or the system's temporary directory, named {@code
 * buildkite_job_log…} and readable by its owner only. A write the file refuses (a full disk) stops
 * the copy, not the job: the log itself still goes to the server. Not thread-safe on its own; the
 * redacting stream in front of it serialises writes.
 */
final class JobLogFile implements AutoCloseable {
  static final String VARIABLE = "BUILDKITE_JOB_LOG_TMPFILE";

  private static final Logger LOG = LoggerFactory.getLogger(JobLogFile.class);

  private final Path path;
  private final OutputStream file;
  private boolean failed;

  private JobLogFile(Path path, OutputStream file) {
    this.path = path;
    this.file = file;
  }

  /**
   * Creates an empty log file in {@code directory}, or in the system's temporary directory when it
   * is null.
   *
   * @throws IOException naming the directory if the file cannot be made there
   */
  static JobLogFile create(Path directory) throws IOException {
    Path dir = directory != null ? directory : Path.of(System.getProperty("java.io.tmpdir"));
    try {
      Path path = Files.createTempFile(dir, "buildkite_job_log", "");
      return new JobLogFile(path, Files.newOutputStream(path));
    } catch (IOException e) {
      throw new IOException(
          "cannot create the job log file (--enable-job-log-tmpfile) in " + dir + ": " + e, e);
    }
  }

  Path path() {
    return path;
  }

  /** A stream that writes to {@code log} and also to this file. */
  OutputStream tee(OutputStream log) {
    return LogTee.of(log, this::copy);
  }

  private void copy(byte[] bytes, int offset, int length) {
    if (failed) {
      return;
    }
    try {
      file.write(bytes, offset, length);
    } catch (IOException e) {
      failed = true;
      LOG.warn("writing the job log file {} failed; it stops here: {}", path, e.getMessage());
    }
  }

  /** Closes and removes the file. */
  @Override
  public void close() {
    try {
      file.close();
    } catch (IOException e) {
      LOG.debug("closing {} failed", path, e);
    }
    try {
      Files.deleteIfExists(path);
    } catch (IOException e) {
      LOG.warn("cannot remove the job log file {}: {}", path, e.getMessage());
    }
  }
}
