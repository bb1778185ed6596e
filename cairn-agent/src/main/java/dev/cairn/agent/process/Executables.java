package dev.cairn.agent.process;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/** Finds programs on the agent's own {@code PATH}, or on a step's. */
final class Executables {
  private Executables() {}

  static Optional<Path> find(String name) {
    String path = System.getenv("PATH");
    if (path == null) {
      return Optional.empty();
    }
    for (String dir : path.split(File.pathSeparator, -1)) {
      Path candidate = Path.of(dir.isEmpty() ? "." : dir, name);
      if (Files.isExecutable(candidate)) {
        return Optional.of(candidate);
      }
    }
    return Optional.empty();
  }

  /**
   * The program {@code execvp} would run for {@code name} in a child whose {@code PATH} is {@code
   * path} (glibc's default {@code /bin:/usr/bin} when unset) and whose working directory is {@code
   * directory}: {@code name} itself if it holds a slash, else the first regular, executable file
   * named so in a {@code PATH} directory (an empty entry or a relative one is taken from the
   * working directory). The result is as the child must exec it, after entering {@code directory}.
   */
  static Optional<String> onPath(String name, String path, Path directory) {
    if (name.isEmpty()) {
      return Optional.empty();
    }
    if (name.indexOf('/') >= 0) {
      return Optional.of(name);
    }
    for (String dir : (path == null ? "/bin:/usr/bin" : path).split(":", -1)) {
      String candidate = dir.isEmpty() ? name : dir + "/" + name;
      try {
        Path file = directory.resolve(candidate);
        if (Files.isRegularFile(file) && Files.isExecutable(file)) {
          return Optional.of(candidate);
        }
      } catch (java.nio.file.InvalidPathException e) {
        // Not a path this host can have: execvp would not find the program there either.
      }
    }
    return Optional.empty();
  }
}
