package dev.cairn.agent.process;

import java.io.IOException;
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
