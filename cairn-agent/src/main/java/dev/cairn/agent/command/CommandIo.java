package dev.cairn.agent.command;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/**
 * The streams, working directory and environment of an in-job command, passed in so tests can run
 * commands without touching the test process's own streams.
 */
public record CommandIo(
    InputStream stdin, PrintStream out, PrintStream err, Path workingDir, Map<String, String> env) {

  /**
   * The real process: {@code System.in/out/err}, the current directory and {@code System.getenv}.
   */
  public static CommandIo system() {
    return new CommandIo(
        System.in, System.out, System.err, Path.of("").toAbsolutePath(), System.getenv());
  }

  /**
   * Whether stdin carries data (a pipe or a file other than {@code /dev/null}) rather than a
   * terminal or nothing; the official agent reads a pipeline or a body from stdin only then.
   */
  boolean stdinHasData() {
    if (!isSystemIn()) {
      return true;
    }
    try {
      Path fd0 = Path.of("/proc/self/fd/0");
      String target = Files.readSymbolicLink(fd0).toString();
      return target.startsWith("pipe:")
          || target.startsWith("socket:")
          || (Files.isRegularFile(fd0) && !target.equals("/dev/null"));
    } catch (IOException | UnsupportedOperationException e) {
      return false;
    }
  }

  @SuppressWarnings("ReferenceEquality") // Identity is the question: is this the process's stdin?
  private boolean isSystemIn() {
    return stdin == System.in;
  }

  String readStdin() throws CommandException {
    try {
      return new String(stdin.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw CommandException.failed("cannot read stdin: " + e.getMessage(), e);
    }
  }
}
