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
 * One running job command: its merged output (from a pipe or a pseudo-terminal), its exit status,
 * and a way to stop it (SIGTERM to its process group, then SIGKILL after a grace period).
 * Thread-safe: {@link #terminate} may be called from any thread while another waits.
 */
public final class ChildProcess {
  /**
   * How long a step's terminal output is still read after the step exited, for what its leftover
   * background processes print; the official agent waits as long for its PTY copy.
   */
  static final Duration TERMINAL_DRAIN = Duration.ofSeconds(10);

  private final Process process;
  private final boolean grouped;
  private final InputStream output;
  private volatile Signal lastSignal;

  private ChildProcess(Process process, boolean grouped, InputStream output) {
    this.process = process;
    this.grouped = grouped;
    this.output = output;
  }

  /**
   * Starts {@code command} in {@code directory} with exactly {@code environment}, in a new process
   * group when possible, its stdout and stderr merged on a pipe and its stdin empty.
   *
   * @throws IOException if the program cannot be started (missing directory or executable)
   */
  public static ChildProcess start(
      List<String> command, Path directory, Map<String, String> environment) throws IOException {
    Optional<DirectSpawn.OnPipes> spawned = DirectSpawn.onPipes(command, directory, environment);
    if (spawned.isPresent()) {
      return new ChildProcess(spawned.get().process(), true, spawned.get().output());
    }
    ProcessBuilder builder =
        new ProcessBuilder(ProcessGroup.inNewGroup(command))
            .directory(directory.toFile())
            .redirectErrorStream(true)
            .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")));
    builder.environment().clear();
    builder.environment().putAll(environment);
    Process process = builder.start();
    return new ChildProcess(process, ProcessGroup.grouping(), process.getInputStream());
  }

  /**
   * Starts {@code command} as {@link #start} does, but on a new {@link PseudoTerminal}: the
   * terminal is its stdin, stdout, stderr and controlling terminal, it leads a session (and process
   * group) of its own, and {@code TERM} is {@code xterm-256color}, as the official agent sets it.
   * Closing {@link #output()} closes the terminal.
   *
   * @param raw whether the terminal is in raw mode ({@code --experiment pty-raw}: {@code \n} is not
   *     turned into {@code \r\n}) rather than the default cooked one
   * @throws PseudoTerminal.Unavailable if no terminal can be opened on this host
   * @throws IOException if the program cannot be started
   */
  public static ChildProcess startOnTerminal(
      List<String> command, Path directory, Map<String, String> environment, boolean raw)
      throws IOException {
    PseudoTerminal terminal = PseudoTerminal.open();
    try {
      if (raw) {
        terminal.makeRaw();
      }
      Optional<Process> spawned =
          DirectSpawn.onTerminal(command, directory, environment, terminal.slave());
      if (spawned.isPresent()) {
        return new ChildProcess(
            spawned.get(), true, new TerminalOutput(terminal, spawned.get(), TERMINAL_DRAIN));
      }
      ProcessBuilder builder =
          new ProcessBuilder(ProcessGroup.onTerminal(command, terminal.slave()))
              .directory(directory.toFile())
              .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")))
              .redirectOutput(ProcessBuilder.Redirect.DISCARD)
              .redirectErrorStream(true);
      builder.environment().clear();
      builder.environment().putAll(environment);
      builder.environment().put("TERM", "xterm-256color");
      Process process = builder.start();
      return new ChildProcess(process, true, new TerminalOutput(terminal, process, TERMINAL_DRAIN));
    } catch (IOException | RuntimeException e) {
      terminal.close();
      throw e;
    }
  }

  /** Stdout and stderr, merged. Closing it releases the terminal, if the child runs on one. */
  public InputStream output() {
    return output;
  }

  /** Whether the child runs on a pseudo-terminal. */
  public boolean onTerminal() {
    return output instanceof TerminalOutput;
  }

  /**
   * Whether the output stopped being read while something the child left running still held its
   * terminal (and so may have printed more than the log shows).
   */
  public boolean outputAbandoned() {
    return output instanceof TerminalOutput terminal && terminal.abandoned();
  }

  /** Whether it was spawned directly ({@link DirectSpawn}) rather than through the JDK. */
  boolean spawnedDirectly() {
    return process instanceof SpawnedProcess;
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
    if (process instanceof SpawnedProcess spawned) {
      // Its group is gone (or could not be signalled): what is left is at most the leader.
      if (!spawned.signalGroup(signal)) {
        if (signal == Signal.SIGKILL) {
          spawned.destroyForcibly();
        } else {
          spawned.destroy();
        }
      }
      return;
    }
    ProcessGroup.signal(process.toHandle(), signal, grouped);
  }
}
