package dev.cairn.agent.command;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * Runs one git command in a directory and returns its non-blank output lines, or why it gave none.
 * The output goes to a file rather than a pipe, so a git that hangs cannot block a read and the
 * time limit always applies; a git past its limit is killed. Thread-safe.
 */
final class BoundedGit {
  /** What one git command gave: its lines, or a reason it gave none. */
  sealed interface Result {
    record Lines(List<String> lines) implements Result {}

    record Failed(String reason) implements Result {}
  }

  private final Path directory;
  private final Duration limit;

  BoundedGit(Path directory, Duration limit) {
    this.directory = directory;
    this.limit = limit;
  }

  /** The output lines of {@code git args...}, empty when it failed or ran out of time. */
  Optional<List<String>> lines(String... args) {
    return run(args) instanceof Result.Lines l ? Optional.of(l.lines()) : Optional.empty();
  }

  Result run(String... args) {
    List<String> command = new ArrayList<>(List.of("git"));
    command.addAll(List.of(args));
    String shown = String.join(" ", command);
    Path out = null;
    try {
      out = Files.createTempFile("cairn-git", ".out");
      Process git =
          new ProcessBuilder(command)
              .directory(directory.toFile())
              .redirectError(ProcessBuilder.Redirect.DISCARD)
              .redirectOutput(out.toFile())
              .start();
      if (!git.waitFor(limit.toMillis(), TimeUnit.MILLISECONDS)) {
        git.destroyForcibly();
        return new Result.Failed(shown + " did not finish within " + seconds(limit));
      }
      if (git.exitValue() != 0) {
        return new Result.Failed(shown + " exited with status " + git.exitValue());
      }
      return new Result.Lines(
          Files.readAllLines(out, StandardCharsets.UTF_8).stream()
              .filter(l -> !l.isBlank())
              .toList());
    } catch (IOException e) {
      return new Result.Failed(shown + " could not run: " + e.getMessage());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return new Result.Failed(shown + " was interrupted");
    } finally {
      if (out != null) {
        try {
          Files.deleteIfExists(out);
        } catch (IOException e) {
          // A leftover empty temp file is harmless.
        }
      }
    }
  }

  private static String seconds(Duration d) {
    return d.toMillis() % 1000 == 0 ? d.toSeconds() + "s" : d.toMillis() + "ms";
  }
}
