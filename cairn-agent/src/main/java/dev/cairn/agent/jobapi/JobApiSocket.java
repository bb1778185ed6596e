package dev.cairn.agent.jobapi;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Where a job's API socket goes: {@code <sockets path>/job-api/<agent pid>-<number>.sock}, the
 * official agent's layout, in a directory only the agent's user may enter. The number counts this
 * process's jobs, so the paths of jobs running side by side never meet (a random one from 100,000
 * did, about once in 30,000 jobs with four workers, and the job then ran without its API); a file
 * left by a dead process whose pid this one reuses is stepped over.
 */
public final class JobApiSocket {
  /** Linux keeps a Unix socket's path in 108 bytes with its terminating NUL. */
  static final int MAX_PATH_BYTES = 107;

  private static final AtomicLong JOBS = new AtomicLong();

  private JobApiSocket() {}

  /**
   * A fresh socket path under {@code socketsPath}, whose {@code job-api} directory is made if
   * missing.
   *
   * @throws IOException if the directory cannot be made, or the path is too long for a socket
   */
  public static Path newPath(Path socketsPath) throws IOException {
    Path dir = socketsPath.resolve("job-api");
    if (!Files.isDirectory(dir)) {
      Files.createDirectories(dir);
      Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwx------"));
    }
    long pid = ProcessHandle.current().pid();
    Path socket;
    // Files.exists without NOFOLLOW_LINKS asks access(2), where NOFOLLOW_LINKS reads the
    // attributes and throws (and catches) two exceptions for the usual answer, a new path. Only a
    // dangling link left in this private directory is missed: the bind then fails and the job
    // runs without its API, saying so.
    do {
      socket = dir.resolve(pid + "-" + JOBS.incrementAndGet() + ".sock");
    } while (Files.exists(socket));
    if (socket.toString().getBytes(StandardCharsets.UTF_8).length > MAX_PATH_BYTES) {
      throw new IOException(
          "the job API socket path "
              + socket
              + " is longer than "
              + MAX_PATH_BYTES
              + " bytes; choose a shorter --sockets-path");
    }
    return socket;
  }
}
