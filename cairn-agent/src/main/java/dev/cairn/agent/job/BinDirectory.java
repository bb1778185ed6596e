package dev.cairn.agent.job;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.stream.Collectors;

/**
 * The per-job directory on the job's {@code PATH} ({@code BUILDKITE_BIN_PATH}) holding a {@code
 * buildkite-agent} script that runs this agent's own in-job commands: it execs the same java and
 * class path with {@code agent "$@"}, so pipelines and hooks written for Buildkite call Cairn.
 */
final class BinDirectory {
  static final String NAME = "buildkite-agent";

  private BinDirectory() {}

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
}
