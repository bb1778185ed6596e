package dev.cairn.agent;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cairn.agent.job.JobSettings;
import dev.cairn.protocol.JobFinish;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * Jobs on a pseudo-terminal (the default) and on pipes ({@code --no-pty}), with real shells: what
 * the job sees (a terminal, its size, {@code TERM}, {@code BUILDKITE_PTY}), that stdout and stderr
 * arrive merged in order, and that a process the command leaves running with the terminal open does
 * not hold the job.
 */
final class TerminalJobTest extends RiggedJobTest {
  private JobSettings settings(boolean pty) {
    return rig.settings(null, true, Duration.ofSeconds(10)).withPty(pty);
  }

  @Test
  void aJobRunsOnATerminalOfTheOfficialSizeByDefault() throws Exception {
    rig.hook("pre-command", "test -t 0 && test -t 1 && test -t 2 && echo hook-on-terminal");
    rig.start(settings(true));
    server.enqueue(
        "job-1",
        JobRig.command(
            "test -t 0 && test -t 1 && echo on-terminal; stty size; echo term=$TERM"
                + " pty=$BUILDKITE_PTY; echo tty=$(tty); ps -o sid= -p $$ | tr -d ' ';"
                + " echo pid=$$"),
        1024);

    JobFinish finish = server.awaitFinish("job-1");

    String log = server.log("job-1");
    assertThat(finish.exitStatus()).as(log).isEqualTo("0");
    assertThat(log)
        .contains("hook-on-terminal\r\n", "on-terminal\r\n", "100 160\r\n")
        .contains("term=xterm-256color pty=true\r\n")
        .containsPattern("tty=/dev/pts/\\d+\r\n")
        .doesNotContain("not a tty");
    // The command leads its own session (sid = its pid), so the terminal is its controlling one.
    assertThat(log).containsPattern("(?s)\r\n(\\d+)\r\npid=\\1\r\n");
  }

  @Test
  void withThePtyRawExperimentNewlinesAreLoggedAsWritten() throws Exception {
    rig.hook("pre-command", "printf 'hook-one\\nhook-two\\n'");
    rig.start(settings(true).withPtyRaw(true));
    server.enqueue(
        "job-1",
        JobRig.command("test -t 1 && echo still-on-a-terminal; printf 'one\\ntwo\\n'; echo three"),
        1024);

    JobFinish finish = server.awaitFinish("job-1");

    String log = server.log("job-1");
    assertThat(finish.exitStatus()).as(log).isEqualTo("0");
    assertThat(log)
        .contains("hook-one\nhook-two\n")
        .contains("still-on-a-terminal\n")
        .contains("one\ntwo\nthree\n")
        .doesNotContain("\r");
  }

  @Test
  void withoutTheExperimentTheTerminalTurnsNewlinesIntoCarriageReturnNewlines() throws Exception {
    rig.start(settings(true));
    server.enqueue("job-1", JobRig.command("printf 'one\\ntwo\\n'; echo three"), 1024);

    JobFinish finish = server.awaitFinish("job-1");

    assertThat(finish.exitStatus()).isEqualTo("0");
    assertThat(server.log("job-1")).contains("one\r\ntwo\r\nthree\r\n");
  }

  @Test
  void withNoPtyAJobRunsOnPipes() throws Exception {
    rig.start(settings(false));
    server.enqueue(
        "job-1",
        JobRig.command(
            "if test -t 0 || test -t 1; then echo has-a-terminal; else echo on-pipes; fi;"
                + " echo pty=$BUILDKITE_PTY"),
        1024);

    JobFinish finish = server.awaitFinish("job-1");

    String log = server.log("job-1");
    assertThat(finish.exitStatus()).as(log).isEqualTo("0");
    assertThat(log)
        .contains("on-pipes\n", "pty=false\n")
        .doesNotContain("has-a-terminal\n", "\r\n");
  }

  @Test
  void stdoutAndStderrArriveMergedInTheOrderWritten() throws Exception {
    rig.start(JobSettings.DEFAULTS);
    server.enqueue(
        "job-1", JobRig.command("for i in 1 2 3 4 5; do echo out$i; echo err$i >&2; done"), 1024);

    JobFinish finish = server.awaitFinish("job-1");

    assertThat(finish.exitStatus()).isEqualTo("0");
    assertThat(server.log("job-1"))
        .contains(
            "out1\r\nerr1\r\nout2\r\nerr2\r\nout3\r\nerr3\r\nout4\r\nerr4\r\nout5\r\nerr5\r\n");
  }

  @Test
  void outputWrittenJustBeforeExitIsNotLost() throws Exception {
    rig.start(JobSettings.DEFAULTS);
    server.enqueue(
        "job-1", JobRig.command("head -c 200000 /dev/zero | tr '\\0' x; echo; echo end"), 1024);

    JobFinish finish = server.awaitFinish("job-1");

    String log = server.log("job-1");
    assertThat(finish.exitStatus()).isEqualTo("0");
    assertThat(log).contains("x".repeat(200_000) + "\r\nend\r\n");
  }

  @Test
  void aBackgroundProcessHoldingTheTerminalDoesNotHoldTheJob() throws Exception {
    rig.start(JobSettings.DEFAULTS);
    // Ignoring SIGHUP, the background process survives the hang-up the terminal sends when the
    // command's shell exits, and keeps the terminal open long after the command is done.
    Path pidFile = work.resolve("background.pid");
    server.enqueue(
        "job-1",
        JobRig.command(
            "(trap '' HUP; sh -c 'echo $$ > "
                + pidFile
                + "; echo from-background; exec sleep 60') & sleep 1; echo main-done"),
        1024);
    try {
      JobFinish finish = server.awaitFinish("job-1");

      String log = server.log("job-1");
      assertThat(finish.exitStatus()).as(log).isEqualTo("0");
      assertThat(log)
          .contains("from-background", "main-done\r\n")
          .contains("a process this step left running still holds its terminal");
      assertThat(ProcessHandle.of(Long.parseLong(Files.readString(pidFile).strip())))
          .as("the background process outlives the job; only its output is no longer read")
          .hasValueSatisfying(p -> assertThat(p.isAlive()).isTrue());
    } finally {
      if (Files.exists(pidFile)) {
        ProcessHandle.of(Long.parseLong(Files.readString(pidFile).strip()))
            .ifPresent(ProcessHandle::destroyForcibly);
      }
    }
  }
}
