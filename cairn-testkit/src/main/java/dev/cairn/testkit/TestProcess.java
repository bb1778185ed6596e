package dev.cairn.testkit;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * A program a test runs as a real child process. Its output is appended to a file (read it with
 * {@link #output()} when a test fails; a restarted process appends to the same file, so the file
 * tells the whole story). {@link #close} stops it by PID: SIGTERM, then SIGKILL after a grace
 * period.
 */
public class TestProcess implements AutoCloseable {
  private final Process process;
  private final Path output;

  /** Starts {@code command} with {@code env} added to the inherited environment. */
  public TestProcess(List<String> command, Map<String, String> env, Path output) {
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
  public boolean awaitExit(Duration limit) throws InterruptedException {
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
