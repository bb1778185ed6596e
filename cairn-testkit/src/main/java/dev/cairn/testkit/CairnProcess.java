package dev.cairn.testkit;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * A {@code cairn} command running as a real child process, started with the test JVM's own java and
 * class path so it runs exactly the code under test. Its output is appended to a file (read it with
 * {@link #output()} when a test fails; a restarted process appends to the same file, so the file
 * tells the whole story). {@link #close} stops it by PID: SIGTERM, then SIGKILL after a grace
 * period.
 */
public class CairnProcess implements AutoCloseable {
  private static final String MAIN = "dev.cairn.cli.Main";

  private final Process process;
  private final Path output;

  protected CairnProcess(List<String> args, Map<String, String> env, Path output) {
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.add("--enable-native-access=ALL-UNNAMED");
    command.add("-Xmx256m");
    command.addAll(StartupOptions.forThisClassPath());
    command.add(MAIN);
    command.addAll(args);
    ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
    builder.redirectOutput(ProcessBuilder.Redirect.appendTo(output.toFile()));
    builder.environment().putAll(env);
    try {
      this.process = builder.start();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot start " + command, e);
    }
    this.output = output;
  }

  public long pid() {
    return process.pid();
  }

  public boolean isAlive() {
    return process.isAlive();
  }

  /** Everything the process printed so far. */
  public String output() {
    try {
      return Files.readString(output);
    } catch (IOException e) {
      return "(cannot read " + output + ": " + e.getMessage() + ")";
    }
  }

  /** Sends SIGTERM and waits up to {@code seconds} for the process to exit; true if it did. */
  public boolean terminate(long seconds) throws InterruptedException {
    process.destroy();
    return process.waitFor(seconds, TimeUnit.SECONDS);
  }

  /**
   * Sends SIGKILL to the process's PID (no shutdown hooks, no flushing: a crash) and waits for it
   * to be gone.
   */
  public void kill() throws InterruptedException {
    process.destroyForcibly();
    process.waitFor(30, TimeUnit.SECONDS);
  }

  /** Waits up to {@code limit} for the process to exit by itself; true if it did. */
  public boolean awaitExit(java.time.Duration limit) throws InterruptedException {
    return process.waitFor(limit.toMillis(), TimeUnit.MILLISECONDS);
  }

  public int exitValue() {
    return process.exitValue();
  }

  @Override
  public void close() throws InterruptedException {
    if (process.isAlive() && !terminate(20)) {
      kill();
    }
  }
}
