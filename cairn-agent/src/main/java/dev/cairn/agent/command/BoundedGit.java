package dev.cairn.agent.command;

import dev.cairn.agent.process.BoundedCommand;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Runs one git command in a directory within a time limit ({@link BoundedCommand}) and returns its
 * non-blank output lines, or why it gave none. Thread-safe.
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
    BoundedCommand.Result git;
    try {
      git = BoundedCommand.run(command, directory, null, limit);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return new Result.Failed(shown + " was interrupted");
    }
    if (git.timedOut()) {
      return new Result.Failed(shown + " did not finish within " + seconds(limit));
    }
    if (git.error().isPresent()) {
      return new Result.Failed(shown + " could not run: " + git.error().get());
    }
    if (git.status() != 0) {
      return new Result.Failed(shown + " exited with status " + git.status());
    }
    return new Result.Lines(git.stdout().lines().filter(l -> !l.isBlank()).toList());
  }

  private static String seconds(Duration d) {
    return d.toMillis() % 1000 == 0 ? d.toSeconds() + "s" : d.toMillis() + "ms";
  }
}
