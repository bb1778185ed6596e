package dev.cairn.agent.process;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * One running job command: its merged output, its exit status, and a way to stop it (SIGTERM to its
 * process group, then SIGKILL after a grace period). Thread-safe: {@link #terminate} may be called
 * from any thread while another waits.
 */
public final class ChildProcess {
  private final Process process;
  private final boolean grouped;
  private volatile Signal lastSignal;

  private ChildProcess(Process process, boolean grouped) {
    this.process = process;
    this.grouped = grouped;
  }

  /**
   * Starts {@code command} in {@code directory} with exactly {@code environment}, in a new process
   * group when possible.
   *
   * @throws IOException if the program cannot be started (missing directory or executable)
   */
  public static ChildProcess start(
      List<String> command, Path directory, Map<String, String> environment) throws IOException {
    ProcessBuilder builder =
        new ProcessBuilder(ProcessGroup.inNewGroup(command))
            .directory(directory.toFile())
            .redirectErrorStream(true)
            .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")));
    builder.environment().clear();
    builder.environment().putAll(environment);
    return new ChildProcess(builder.start(), ProcessGroup.grouping());
  }

  /** Stdout and stderr, merged. */
  public InputStream output() {
    return process.getInputStream();
  }

  public long pid() {
    return process.pid();
  }

  public int waitFor() throws InterruptedException {
    return process.waitFor();
  }

  /**
   * Sends SIGTERM to the process group, waits up to {@code grace} for the child to exit, then sends
   * SIGKILL. Returns once the child has exited or SIGKILL was sent.
   */
  public void terminate(Duration grace) throws InterruptedException {
    terminate(Signal.SIGTERM, grace);
  }

  /**
   * Sends {@code first} to the process group, then SIGKILL if it is still running after {@code
   * grace}.
   */
  public void terminate(Signal first, Duration grace) throws InterruptedException {
    signal(first);
    if (!process.waitFor(grace.toMillis(), TimeUnit.MILLISECONDS)) {
      signal(Signal.SIGKILL);
    }
  }

  /**
   * Waits up to {@code wait} for the child to exit by itself; if it has not, sends {@code signal}
   * to the process group, then waits up to {@code grace} more.
   */
  public void terminate(Signal signal, Duration wait, Duration grace) throws InterruptedException {
    if (process.waitFor(wait.toMillis(), TimeUnit.MILLISECONDS)) {
      return;
    }
    signal(signal);
    process.waitFor(grace.toMillis(), TimeUnit.MILLISECONDS);
  }

  /** The last signal the agent sent, if any. */
  public Optional<Signal> lastSignal() {
    return Optional.ofNullable(lastSignal);
  }

  private void signal(Signal signal) throws InterruptedException {
    lastSignal = signal;
    ProcessGroup.signal(process.toHandle(), signal, grouped);
  }
}
