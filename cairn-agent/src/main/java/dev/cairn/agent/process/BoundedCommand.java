package dev.cairn.agent.process;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * Runs a short helper command (git, ssh-keygen, ssh-keyscan) to its end within a time limit. Its
 * output goes to files rather than pipes, so a command that hangs cannot block a read and the limit
 * always holds; a command past its limit, or whose caller is interrupted, is killed. Stdin is
 * empty.
 */
public final class BoundedCommand {
  /**
   * How a command ended: its exit status and what it printed, or why it has none ({@link
   * #timedOut}, or {@link #error} when it could not be started).
   */
  public record Result(
      int status, String stdout, String stderr, boolean timedOut, Optional<String> error) {
    /** Whether it ran to an exit of its own. */
    public boolean exited() {
      return !timedOut && error.isEmpty();
    }
  }

  private BoundedCommand() {}

  /**
   * Runs {@code command} in {@code directory} (null: the agent's) with exactly {@code environment}
   * (null: the agent's own).
   *
   * @throws InterruptedException if the caller was interrupted (the command is killed first)
   */
  public static Result run(
      List<String> command, Path directory, Map<String, String> environment, Duration limit)
      throws InterruptedException {
    Path out = null;
    Path err = null;
    try {
      out = Files.createTempFile("cairn-cmd", ".out");
      err = Files.createTempFile("cairn-cmd", ".err");
      ProcessBuilder builder =
          new ProcessBuilder(command)
              .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
              .redirectOutput(out.toFile())
              .redirectError(err.toFile());
      if (directory != null) {
        builder.directory(directory.toFile());
      }
      if (environment != null) {
        builder.environment().clear();
        builder.environment().putAll(environment);
      }
      Process process = builder.start();
      boolean exited;
      try {
        exited = process.waitFor(limit.toMillis(), TimeUnit.MILLISECONDS);
      } catch (InterruptedException e) {
        process.destroyForcibly();
        throw e;
      }
      if (!exited) {
        process.destroyForcibly();
        return new Result(-1, "", "", true, Optional.empty());
      }
      return new Result(
          process.exitValue(),
          Files.readString(out, StandardCharsets.UTF_8),
          Files.readString(err, StandardCharsets.UTF_8),
          false,
          Optional.empty());
    } catch (IOException e) {
      return new Result(-1, "", "", false, Optional.of(String.valueOf(e.getMessage())));
    } finally {
      deleteQuietly(out);
      deleteQuietly(err);
    }
  }

  private static void deleteQuietly(Path file) {
    if (file == null) {
      return;
    }
    try {
      Files.deleteIfExists(file);
    } catch (IOException e) {
      // A leftover temporary file is harmless.
    }
  }
}
