package dev.cairn.agent.process;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * Signals a whole process group. The JDK can only signal single processes (SIGTERM via {@code
 * destroy}, SIGKILL via {@code destroyForcibly}), so when the child was started under {@code
 * setsid} — which makes it the leader of a new group whose id is its pid — we run {@code kill -s
 * SIG -- -pgid}. Without {@code setsid} or {@code kill} we fall back to signalling the child and
 * its live descendants one by one, which misses processes that were re-parented.
 */
final class ProcessGroup {
  private static final Optional<Path> SETSID = Executables.find("setsid");
  private static final Optional<Path> KILL = Executables.find("kill");
  private static final Path SH = Path.of("/bin/sh");

  private ProcessGroup() {}

  /** The command prefixed so the child leads a new process group, when the host can do that. */
  static List<String> inNewGroup(List<String> command) {
    if (SETSID.isEmpty() || KILL.isEmpty()) {
      return command;
    }
    List<String> wrapped = new ArrayList<>(command.size() + 1);
    wrapped.add(SETSID.get().toString());
    wrapped.addAll(command);
    return wrapped;
  }

  /**
   * The command prefixed so the child leads a new session whose controlling terminal is {@code
   * terminal}, with its stdin, stdout and stderr on it. {@code /bin/sh} opens the terminal in the
   * child, not the agent: a JVM that leads a session of its own (as a systemd service does) would
   * otherwise make the terminal its own controlling terminal on opening it, and be hung up with it.
   * {@code sh} and {@code setsid} both exec, so the child's pid is the session's and the group's.
   */
  static List<String> onTerminal(List<String> command, Path terminal) {
    List<String> wrapped = new ArrayList<>(command.size() + 5);
    wrapped.add(SH.toString());
    wrapped.add("-c");
    wrapped.add("t=$1; shift; exec \"$0\" -c \"$@\" 0<>\"$t\" 1>&0 2>&0");
    wrapped.add(SETSID.orElseThrow().toString());
    wrapped.add(terminal.toString());
    wrapped.addAll(command);
    return wrapped;
  }

  /** Whether {@link #onTerminal} can work here (and the group can then be signalled). */
  static boolean canHandOverTerminal() {
    return grouping() && Files.isExecutable(SH);
  }

  static void signal(ProcessHandle leader, Signal signal, boolean grouped)
      throws InterruptedException {
    if (grouped && killGroup(leader.pid(), signal)) {
      return;
    }
    leader.descendants().forEach(p -> send(p, signal));
    send(leader, signal);
  }

  private static boolean killGroup(long pgid, Signal signal) throws InterruptedException {
    List<String> command =
        List.of(KILL.orElseThrow().toString(), "-s", signal.shortName(), "--", "-" + pgid);
    try {
      Process kill = new ProcessBuilder(command).redirectErrorStream(true).start();
      kill.getInputStream().transferTo(java.io.OutputStream.nullOutputStream());
      return kill.waitFor(10, TimeUnit.SECONDS) && kill.exitValue() == 0;
    } catch (IOException e) {
      return false;
    }
  }

  private static void send(ProcessHandle process, Signal signal) {
    if (signal == Signal.SIGKILL) {
      process.destroyForcibly();
    } else {
      process.destroy();
    }
  }

  static boolean grouping() {
    return SETSID.isPresent() && KILL.isPresent();
  }
}
