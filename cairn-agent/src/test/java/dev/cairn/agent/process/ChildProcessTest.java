package dev.cairn.agent.process;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.jna.NativeLibrary;
import com.sun.jna.Platform;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * What a step started by {@link ChildProcess} gets, on a pseudo-terminal and on pipes, with real
 * programs: its session, process group and controlling terminal, only descriptors 0 to 2, exactly
 * its environment and working directory, the program found on its own {@code PATH}, its exit status
 * or the signal that killed it, and the same errors as always for what cannot start.
 */
final class ChildProcessTest {
  @TempDir Path dir;

  /** A step's output and exit status. */
  private record Ran(String output, int status, long pid) {}

  private Map<String, String> environment() {
    Map<String, String> env = new HashMap<>();
    env.put("PATH", System.getenv("PATH"));
    env.put("HOME", dir.toString());
    env.put("CAIRN_SPACES", "a b\tc=d é");
    env.put("CAIRN_EMPTY", "");
    return env;
  }

  private static ChildProcess start(
      boolean terminal, List<String> command, Path directory, Map<String, String> env)
      throws IOException {
    return terminal
        ? ChildProcess.startOnTerminal(command, directory, env, false)
        : ChildProcess.start(command, directory, env);
  }

  private Ran run(boolean terminal, List<String> command) throws Exception {
    return run(terminal, command, environment());
  }

  private Ran run(boolean terminal, List<String> command, Map<String, String> env)
      throws Exception {
    ChildProcess child = start(terminal, command, dir, env);
    String output;
    try (InputStream in = child.output()) {
      output = new String(in.readAllBytes(), StandardCharsets.UTF_8).replace("\r\n", "\n");
    }
    return new Ran(output, child.waitFor(), child.pid());
  }

  private Ran bash(boolean terminal, String script) throws Exception {
    return run(terminal, List.of("bash", "-c", script));
  }

  @ParameterizedTest
  @ValueSource(booleans = {true, false})
  void onLinuxWithGlibcAStepIsSpawnedDirectlyUnlessTurnedOff(boolean terminal) throws Exception {
    boolean glibc = glibcAtLeast(2, 34);
    boolean turnedOff = "false".equals(System.getProperty(DirectSpawn.PROPERTY));
    ChildProcess child = start(terminal, List.of("true"), dir, environment());
    try (InputStream in = child.output()) {
      in.transferTo(OutputStream.nullOutputStream());
    }

    assertThat(child.waitFor()).isZero();
    assertThat(child.spawnedDirectly()).as(DirectSpawn.PROBLEM).isEqualTo(glibc && !turnedOff);
  }

  @ParameterizedTest
  @ValueSource(booleans = {true, false})
  void aProgramNotOnTheStepsPathIsStartedTheOldWayWhichReportsIt(boolean terminal)
      throws Exception {
    ChildProcess child = start(terminal, List.of("cairn-no-such-program"), dir, environment());
    try (InputStream in = child.output()) {
      in.transferTo(OutputStream.nullOutputStream());
    }

    assertThat(child.waitFor()).isEqualTo(127);
    assertThat(child.spawnedDirectly()).isFalse();
  }

  /** Whether this process runs on glibc of version {@code major.minor} or later. */
  private static boolean glibcAtLeast(int major, int minor) {
    if (!Platform.isLinux()) {
      return false;
    }
    try {
      String[] version =
          NativeLibrary.getInstance(Platform.C_LIBRARY_NAME)
              .getFunction("gnu_get_libc_version")
              .invokeString(new Object[0], false)
              .split("\\.", -1);
      int have = Integer.parseInt(version[0]) * 1000 + Integer.parseInt(version[1]);
      return have >= major * 1000 + minor;
    } catch (UnsatisfiedLinkError e) {
      return false;
    }
  }

  @Test
  void theTerminalIsTheStepsControllingTerminalAndItLeadsItsSessionAndGroup() throws Exception {
    Ran ran =
        bash(
            true,
            "test -t 0 && test -t 1 && test -t 2 && echo all-on-terminal;"
                + " echo pid=$$ $(ps -o sid=,pgid=,tpgid=,tty= -p $$) tty=$(tty);"
                + " echo through-dev-tty > /dev/tty");

    assertThat(ran.status()).as(ran.output()).isZero();
    long pid = ran.pid();
    assertThat(ran.output())
        .contains("all-on-terminal\n", "through-dev-tty\n")
        // Session, process group and the terminal's foreground group are the step's own pid.
        .containsPattern(
            "pid=" + pid + " " + pid + " +" + pid + " +" + pid + " +pts/(\\d+) tty=/dev/pts/\\1\n");
  }

  @ParameterizedTest
  @ValueSource(booleans = {true, false})
  void theStepLeadsAProcessGroupOfItsOwn(boolean terminal) throws Exception {
    Ran ran = bash(terminal, "echo pid=$$ pgid=$(ps -o pgid= -p $$)");

    assertThat(ran.output()).containsPattern("pid=" + ran.pid() + " pgid= *" + ran.pid() + "\n");
  }

  @ParameterizedTest
  @ValueSource(booleans = {true, false})
  void theStepGetsNoDescriptorButItsStdinStdoutAndStderr(boolean terminal) throws Exception {
    // ls itself opens one descriptor (3) to list the directory.
    Ran ran = run(terminal, List.of("ls", "/proc/self/fd"));

    assertThat(ran.status()).as(ran.output()).isZero();
    assertThat(Arrays.stream(ran.output().split("\\s+")).filter(s -> !s.isEmpty()))
        .containsExactlyInAnyOrder("0", "1", "2", "3");
  }

  @ParameterizedTest
  @ValueSource(booleans = {true, false})
  void theStepBlocksNoSignalAndIgnoresOnlyWhatTheAgentIgnores(boolean terminal) throws Exception {
    Ran ran = run(terminal, List.of("grep", "-E", "^Sig(Blk|Ign)", "/proc/self/status"));

    assertThat(ran.output()).contains("SigBlk:\t0000000000000000\n");
    // Signals ignored in the agent stay ignored across exec (as SIGINT in an agent started in the
    // background); glibc's own two real-time signals (32, 33) are ignored in every spawned child.
    assertThat(standardSignals(ran.output(), "SigIgn"))
        .isEqualTo(standardSignals(Files.readString(Path.of("/proc/self/status")), "SigIgn"));
  }

  /** The mask of signals 1 to 31 in a {@code /proc/PID/status} text. */
  private static long standardSignals(String status, String field) {
    for (String line : status.split("\n", -1)) {
      if (line.startsWith(field + ":")) {
        return Long.parseUnsignedLong(line.substring(field.length() + 1).strip(), 16) & 0x7fffffffL;
      }
    }
    throw new AssertionError("no " + field + " in " + status);
  }

  @ParameterizedTest
  @ValueSource(booleans = {true, false})
  void theStepGetsExactlyItsEnvironmentAndWorkingDirectory(boolean terminal) throws Exception {
    Path work = Files.createDirectories(dir.resolve("work dir"));
    Map<String, String> env = environment();

    ChildProcess child = start(terminal, List.of("env"), work, env);
    String output;
    try (InputStream in = child.output()) {
      output = new String(in.readAllBytes(), StandardCharsets.UTF_8).replace("\r\n", "\n");
    }
    assertThat(child.waitFor()).isZero();
    Map<String, String> expected = new HashMap<>(env);
    if (terminal) {
      expected.put("TERM", "xterm-256color");
      // The shell that has always handed the terminal over exports the directory it started in.
      expected.put("PWD", work.toRealPath().toString());
    }
    Set<String> lines = new TreeSet<>(Arrays.asList(output.split("\n", -1)));
    lines.remove("");
    assertThat(lines)
        .isEqualTo(
            expected.entrySet().stream()
                .map(e -> e.getKey() + "=" + e.getValue())
                .collect(Collectors.toCollection(TreeSet::new)));

    child = start(terminal, List.of("pwd", "-P"), work, env);
    try (InputStream in = child.output()) {
      output = new String(in.readAllBytes(), StandardCharsets.UTF_8).replace("\r\n", "\n");
    }
    assertThat(output).isEqualTo(work.toRealPath() + "\n");
  }

  @ParameterizedTest
  @ValueSource(booleans = {true, false})
  void theProgramIsFoundOnTheStepsPathNotTheAgents(boolean terminal) throws Exception {
    Path bin = Files.createDirectories(dir.resolve("bin"));
    Path probe = bin.resolve("cairn-probe");
    Files.writeString(probe, "#!/bin/sh\necho probe ran with \"$@\"\n");
    Files.setPosixFilePermissions(probe, PosixFilePermissions.fromString("rwxr-xr-x"));
    Map<String, String> env = environment();
    env.put("PATH", bin + ":" + System.getenv("PATH"));

    Ran ran = run(terminal, List.of("cairn-probe", "one", "two words"), env);

    assertThat(ran.status()).as(ran.output()).isZero();
    assertThat(ran.output()).isEqualTo("probe ran with one two words\n");
  }

  @ParameterizedTest
  @ValueSource(booleans = {true, false})
  void theExitStatusIsReported(boolean terminal) throws Exception {
    assertThat(bash(terminal, "exit 3").status()).isEqualTo(3);
    assertThat(bash(terminal, "exit 0").status()).isZero();
  }

  @Test
  void theJdksOwnChildrenAndDirectlySpawnedStepsEachGetTheirOwnStatus() throws Exception {
    ChildProcess step =
        ChildProcess.startOnTerminal(
            List.of("bash", "-c", "sleep 0.5; exit 5"), dir, environment(), false);
    CompletableFuture<String> output = readInBackground(step);
    // The JDK reaps the processes it starts by their pids, never any child: neither takes the
    // other's exit status.
    for (int i = 0; i < 5; i++) {
      Process jdkChild = new ProcessBuilder("bash", "-c", "exit 7").start();
      assertThat(jdkChild.waitFor()).isEqualTo(7);
    }

    assertThat(step.waitFor()).isEqualTo(5);
    assertThat(output).succeedsWithin(Duration.ofSeconds(20));
    step.output().close();
  }

  @ParameterizedTest
  @ValueSource(booleans = {true, false})
  void aStepKilledByASignalReports128PlusItsNumber(boolean terminal) throws Exception {
    assertThat(bash(terminal, "kill -TERM $$").status()).isEqualTo(128 + 15);
    assertThat(bash(terminal, "kill -KILL $$").status()).isEqualTo(128 + 9);
  }

  @ParameterizedTest
  @ValueSource(booleans = {true, false})
  void aMissingProgramSaysSoInTheOutput(boolean terminal) throws Exception {
    Ran ran = run(terminal, List.of("cairn-no-such-program", "x"));

    assertThat(ran.output()).contains("cairn-no-such-program", "No such file or directory");
    assertThat(ran.status()).isEqualTo(127);
  }

  @ParameterizedTest
  @ValueSource(booleans = {true, false})
  void aMissingDirectoryCannotStartTheProgram(boolean terminal) {
    Path missing = dir.resolve("missing");

    assertThatThrownBy(() -> start(terminal, List.of("bash", "-c", "true"), missing, environment()))
        .isInstanceOf(IOException.class)
        .hasMessageContaining("Cannot run program")
        .hasMessageContaining("(in directory \"" + missing + "\")")
        .hasMessageContaining("No such file or directory");
  }

  @ParameterizedTest
  @ValueSource(booleans = {true, false})
  void terminatingSignalsTheWholeGroupThenKillsWhatIgnoresIt(boolean terminal) throws Exception {
    Path pids = dir.resolve("pids");
    ChildProcess child =
        start(
            terminal,
            List.of(
                "bash",
                "-c",
                "trap '' TERM; sleep 30 & echo $! > '"
                    + pids
                    + "'; echo ready; while :; do sleep 0.05; done"),
            dir,
            environment());
    CompletableFuture<String> output = readInBackground(child);
    while (!Files.exists(pids) || Files.readString(pids).isBlank()) {
      Thread.sleep(10);
    }
    long sleeper = Long.parseLong(Files.readString(pids).strip());

    child.terminate(Duration.ofMillis(500));

    assertThat(child.waitFor()).isEqualTo(128 + 9);
    assertThat(child.lastSignal()).contains(Signal.SIGKILL);
    // The background sleep (which ignores SIGTERM too) got SIGKILL with the group. Reparented, it
    // stays visible until its new parent reaps it: wait for that rather than look once.
    ProcessHandle.of(sleeper)
        .ifPresent(p -> assertThat(p.onExit()).succeedsWithin(Duration.ofSeconds(10)));
    // The output ends once the group is gone; only then may it be closed (one reader at a time).
    assertThat(output).succeedsWithin(Duration.ofSeconds(20));
    child.output().close();
  }

  @ParameterizedTest
  @ValueSource(booleans = {true, false})
  void aStepStoppedBySigtermReportsIt(boolean terminal) throws Exception {
    ChildProcess child =
        start(terminal, List.of("bash", "-c", "echo ready; sleep 30"), dir, environment());
    CompletableFuture<String> output = readInBackground(child);

    child.terminate(Duration.ofSeconds(10));

    assertThat(child.waitFor()).isEqualTo(128 + 15);
    assertThat(Signal.SIGTERM.killed(child.waitFor())).isTrue();
    assertThat(child.lastSignal()).contains(Signal.SIGTERM);
    // The output ends once the group is gone; only then may it be closed (one reader at a time).
    assertThat(output).succeedsWithin(Duration.ofSeconds(20));
    child.output().close();
  }

  private static CompletableFuture<String> readInBackground(ChildProcess child) {
    return CompletableFuture.supplyAsync(
        () -> {
          ByteArrayOutputStream bytes = new ByteArrayOutputStream();
          try {
            child.output().transferTo(bytes);
          } catch (IOException e) {
            // Closed under the reader: what was read so far is the output.
          }
          return bytes.toString(StandardCharsets.UTF_8);
        },
        r -> Thread.ofPlatform().daemon().start(r));
  }
}
