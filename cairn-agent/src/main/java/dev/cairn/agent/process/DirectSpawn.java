package dev.cairn.agent.process;

import com.sun.jna.LastErrorException;
import com.sun.jna.Memory;
import com.sun.jna.Platform;
import com.sun.jna.Pointer;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Starts a step with glibc's {@code posix_spawn} straight into its program, in a session of its own
 * with its descriptors set up, rather than through {@link ProcessBuilder}, whose route to a step on
 * a terminal is three programs long ({@code jspawnhelper}, then {@code /bin/sh} to open the
 * terminal in the child, then {@code setsid -c}) and cost a job of {@code true} more CPU than the
 * step itself.
 *
 * <p>Design note: the child does what that chain did, in the same order: it leaves the agent's
 * session ({@code POSIX_SPAWN_SETSID}), enters the directory, opens the terminal as descriptor 0
 * (opened by a session leader without a controlling terminal, it becomes the controlling one; the
 * agent itself never opens it, which would make it the agent's own controlling terminal if the
 * agent leads a session, as under systemd), duplicates it onto 1 and 2, closes every other
 * descriptor, unblocks every signal, and execs the program found on the step's own {@code PATH}, as
 * {@code setsid}'s {@code execvp} found it. It exports {@code PWD} as the {@code /bin/sh} of that
 * chain did. Whenever it cannot — not Linux with glibc 2.34 or later, an argument {@link
 * ProcessBuilder} would refuse, a program not on the step's {@code PATH}, any failure of the spawn
 * itself (a missing directory) — it returns nothing, and the caller starts the step as it always
 * has, which also reports the failure in the words it always did. A spawn that failed left no
 * process behind (glibc reaps it).
 */
final class DirectSpawn {
  /**
   * Set to {@code false} to start every step through {@link ProcessBuilder}, as before (for
   * comparing the two in benchmarks, or if a host misbehaves).
   */
  static final String PROPERTY = "cairn.agent.directSpawn";

  /** Why steps cannot be spawned directly here, or null if they can; decided once. */
  static final String PROBLEM = problem();

  private static final int O_RDONLY = 0;
  private static final int O_RDWR = 2;
  private static final byte[] DEV_NULL = NativeStrings.string("/dev/null");

  private DirectSpawn() {}

  /**
   * Starts {@code command} with exactly {@code environment} plus {@code TERM} and {@code PWD}, in
   * {@code directory}, leading a session of its own with {@code terminal} as its stdin, stdout,
   * stderr and controlling terminal; or returns nothing, having started nothing.
   */
  static Optional<Process> onTerminal(
      List<String> command, Path directory, Map<String, String> environment, Path terminal) {
    if (PROBLEM != null || !acceptable(command, environment)) {
      return Optional.empty();
    }
    Optional<String> pwd = shellPwd(environment.get("PWD"), directory);
    Optional<String> program =
        Executables.onPath(command.getFirst(), environment.get("PATH"), directory);
    if (pwd.isEmpty() || program.isEmpty()) {
      return Optional.empty();
    }
    Map<String, String> env = new HashMap<>(environment);
    env.put("TERM", "xterm-256color");
    env.put("PWD", pwd.get());
    byte[] slave = NativeStrings.string(terminal.toString());
    return spawn(
        program.get(),
        command,
        env,
        directory,
        actions ->
            Spawn.posix_spawn_file_actions_addopen(actions, 0, slave, O_RDWR, 0) == 0
                && Spawn.posix_spawn_file_actions_adddup2(actions, 0, 1) == 0
                && Spawn.posix_spawn_file_actions_adddup2(actions, 0, 2) == 0);
  }

  /** A step spawned on pipes: its process and the reading end of its stdout and stderr. */
  record OnPipes(Process process, InputStream output) {}

  /**
   * Starts {@code command} with exactly {@code environment}, in {@code directory}, leading a
   * session (and so a process group) of its own, its stdin {@code /dev/null} and its stdout and
   * stderr one pipe; or returns nothing, having started nothing. Only where the old route would
   * have put the step in a group of its own ({@code setsid} and {@code kill} on the agent's {@code
   * PATH}).
   */
  static Optional<OnPipes> onPipes(
      List<String> command, Path directory, Map<String, String> environment) {
    if (PROBLEM != null || !ProcessGroup.grouping() || !acceptable(command, environment)) {
      return Optional.empty();
    }
    Optional<String> program =
        Executables.onPath(command.getFirst(), environment.get("PATH"), directory);
    if (program.isEmpty()) {
      return Optional.empty();
    }
    int[] pipe = new int[2];
    try {
      Spawn.pipe2(pipe, Spawn.O_CLOEXEC);
    } catch (LastErrorException e) {
      return Optional.empty();
    }
    Optional<Process> process;
    try {
      process =
          spawn(
              program.get(),
              command,
              environment,
              directory,
              actions ->
                  Spawn.posix_spawn_file_actions_addopen(actions, 0, DEV_NULL, O_RDONLY, 0) == 0
                      && Spawn.posix_spawn_file_actions_adddup2(actions, pipe[1], 1) == 0
                      && Spawn.posix_spawn_file_actions_adddup2(actions, pipe[1], 2) == 0);
    } finally {
      Spawn.closeQuietly(pipe[1]);
    }
    if (process.isEmpty()) {
      Spawn.closeQuietly(pipe[0]);
      return Optional.empty();
    }
    return Optional.of(new OnPipes(process.get(), new PipeOutput(pipe[0])));
  }

  /** Sets up descriptors 0 to 2 of the child; false if a file action could not be added. */
  private interface Descriptors {
    boolean add(Pointer actions);
  }

  private static Optional<Process> spawn(
      String program,
      List<String> argv,
      Map<String, String> environment,
      Path directory,
      Descriptors descriptors) {
    List<String> envp = new ArrayList<>(environment.size());
    environment.forEach((name, value) -> envp.add(name + "=" + value));
    try (Memory actions = new Memory(Spawn.FILE_ACTIONS_BYTES);
        Memory attributes = new Memory(Spawn.ATTRIBUTES_BYTES);
        Memory mask = new Memory(Spawn.SIGSET_BYTES);
        Memory args = NativeStrings.array(argv);
        Memory env = NativeStrings.array(envp)) {
      if (Spawn.posix_spawn_file_actions_init(actions) != 0) {
        return Optional.empty();
      }
      try {
        if (Spawn.posix_spawnattr_init(attributes) != 0) {
          return Optional.empty();
        }
        try {
          int[] pid = new int[1];
          boolean spawned =
              Spawn.posix_spawn_file_actions_addchdir_np(
                          actions, NativeStrings.string(directory.toString()))
                      == 0
                  && descriptors.add(actions)
                  && Spawn.posix_spawn_file_actions_addclosefrom_np(actions, 3) == 0
                  && Spawn.sigemptyset(mask) == 0
                  && Spawn.posix_spawnattr_setsigmask(attributes, mask) == 0
                  && Spawn.posix_spawnattr_setflags(
                          attributes,
                          (short) (Spawn.POSIX_SPAWN_SETSID | Spawn.POSIX_SPAWN_SETSIGMASK))
                      == 0
                  && Spawn.posix_spawn(
                          pid, NativeStrings.string(program), actions, attributes, args, env)
                      == 0;
          return spawned ? Optional.of(SpawnedProcess.reaping(pid[0])) : Optional.empty();
        } finally {
          Spawn.posix_spawnattr_destroy(attributes);
        }
      } finally {
        Spawn.posix_spawn_file_actions_destroy(actions);
      }
    }
  }

  /**
   * Whether {@link ProcessBuilder} would take this command and environment: it refuses a NUL in any
   * of them and an {@code =} in a variable's name, and the old route must report that.
   */
  private static boolean acceptable(List<String> command, Map<String, String> environment) {
    if (command.isEmpty() || command.stream().anyMatch(NativeStrings::hasNul)) {
      return false;
    }
    for (Map.Entry<String, String> e : environment.entrySet()) {
      if (e.getKey().indexOf('=') >= 0
          || NativeStrings.hasNul(e.getKey())
          || NativeStrings.hasNul(e.getValue())) {
        return false;
      }
    }
    return true;
  }

  /**
   * The {@code PWD} that {@code /bin/sh} (dash) exported when it handed the terminal over: the
   * inherited one if it is absolute and names the directory, else the directory's physical path.
   * Empty if the directory cannot be resolved (the old route then reports it missing).
   */
  private static Optional<String> shellPwd(String inherited, Path directory) {
    try {
      if (inherited != null
          && inherited.startsWith("/")
          && Files.isSameFile(Path.of(inherited), directory)) {
        return Optional.of(inherited);
      }
      return Optional.of(directory.toRealPath().toString());
    } catch (IOException | InvalidPathException e) {
      return Optional.empty();
    }
  }

  private static String problem() {
    if (!Boolean.parseBoolean(System.getProperty(PROPERTY, "true"))) {
      return PROPERTY + " is false";
    }
    try {
      if (!Platform.isLinux() || !Platform.is64Bit()) {
        return "spawning directly is supported on 64-bit Linux only";
      }
      Class.forName(Spawn.class.getName(), true, Spawn.class.getClassLoader());
      Class.forName(Libc.class.getName(), true, Libc.class.getClassLoader());
      return null;
    } catch (LinkageError | ClassNotFoundException e) {
      return "the C library has no posix_spawn with addchdir_np and addclosefrom_np: " + e;
    }
  }
}
