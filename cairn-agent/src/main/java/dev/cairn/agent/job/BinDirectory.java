package dev.cairn.agent.job;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;

/**
 * The directory on every job's {@code PATH} ({@code BUILDKITE_BIN_PATH}) holding a {@code
 * buildkite-agent} script that runs this agent's own in-job commands: it execs the same java and
 * class path with {@code agent "$@"}, so pipelines and hooks written for Buildkite call Cairn.
 *
 * <p>One directory serves every job of the agent process, as the official agent's own directory
 * does: the script never changes, and writing it for each job (a directory, a file, its mode, then
 * removing them) was a noticeable share of a trivial job's time. It is made on first use and
 * removed when the process exits. Thread-safe.
 */
final class BinDirectory {
  static final String NAME = "buildkite-agent";

  private static final Map<List<String>, Path> SHARED = new ConcurrentHashMap<>();

  private BinDirectory() {}

  /**
   * The directory with the script for {@code agentCommand}, made once per process, and again if
   * something (a job cleaning the temporary directory) removed it.
   */
  static Path shared(List<String> agentCommand) throws IOException {
    Path dir = sharedDirectory(agentCommand);
    if (!Files.isDirectory(dir)
        || (!agentCommand.isEmpty() && !Files.isRegularFile(dir.resolve(NAME)))) {
      synchronized (BinDirectory.class) {
        create(dir, agentCommand);
      }
    }
    return dir;
  }

  private static Path sharedDirectory(List<String> agentCommand) throws IOException {
    try {
      return SHARED.computeIfAbsent(
          List.copyOf(agentCommand),
          command -> {
            try {
              Path dir = create(Files.createTempDirectory("cairn-agent-bin-"), command);
              Runtime.getRuntime().addShutdownHook(new Thread(() -> removeQuietly(dir)));
              return dir;
            } catch (IOException e) {
              throw new UncheckedIOException(e);
            }
          });
    } catch (UncheckedIOException e) {
      throw e.getCause();
    }
  }

  /** Writes the script into {@code dir} and returns {@code dir}; nothing if no command is known. */
  static Path create(Path dir, List<String> agentCommand) throws IOException {
    Files.createDirectories(dir);
    if (agentCommand.isEmpty()) {
      return dir;
    }
    String command =
        agentCommand.stream().map(BinDirectory::quote).collect(Collectors.joining(" "));
    String script = "#!/bin/sh\nexec " + command + " agent \"$@\"\n";
    Path file = dir.resolve(NAME);
    Files.writeString(file, script, StandardCharsets.UTF_8);
    Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rwxr-xr-x"));
    return dir;
  }

  static String quote(String word) {
    return "'" + word.replace("'", "'\\''") + "'";
  }

  private static void removeQuietly(Path dir) {
    try {
      Files.deleteIfExists(dir.resolve(NAME));
      Files.deleteIfExists(dir);
    } catch (IOException e) {
      // The process is exiting; a leftover directory in the temporary directory is harmless.
    }
  }
}
