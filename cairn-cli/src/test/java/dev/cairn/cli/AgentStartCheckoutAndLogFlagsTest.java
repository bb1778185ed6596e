package dev.cairn.cli;

import static dev.cairn.cli.AgentStartArgs.parse;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import dev.cairn.agent.job.CheckoutSettings;
import dev.cairn.agent.job.JobSettings;
import dev.cairn.agent.log.LogTimestamps;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code --no-ssh-keyscan}, {@code --experiment pty-raw}, {@code --enable-job-log-tmpfile}, {@code
 * --job-log-path}, the {@code --git-*-flags}, {@code --no-git-submodules} and {@code
 * --skip-checkout} as the official agent takes them: ssh-keyscan on, a cooked terminal, no job log
 * file and git's usual flags unless asked.
 */
final class AgentStartCheckoutAndLogFlagsTest {
  @TempDir Path dir;

  @Test
  void theOfficialDefaults() {
    JobSettings settings = parse().jobSettings();

    assertThat(settings.sshKeyscan()).isTrue();
    assertThat(settings.ptyRaw()).isFalse();
    assertThat(settings.jobLogTmpfile()).isFalse();
    assertThat(settings.jobLogPath()).isNull();
  }

  @Test
  void gitFlagsDefaultToTheOfficialOnesAndTakeValuesThatLookLikeFlags() {
    assertThat(parse().jobSettings().checkout()).isEqualTo(CheckoutSettings.DEFAULTS);

    CheckoutSettings checkout =
        parse(
                "--git-clone-flags",
                "--depth 1",
                "--git-clean-flags=-ffdqx",
                "--git-fetch-flags",
                "-q",
                "--git-checkout-flags",
                "-q -f",
                "--no-git-submodules",
                "--skip-checkout")
            .jobSettings()
            .checkout();

    assertThat(checkout)
        .isEqualTo(new CheckoutSettings("--depth 1", "-ffdqx", "-q", "-q -f", false, true));
  }

  @Test
  void theShellIsBashWithEUnlessGiven() {
    assertThat(parse().jobSettings().shell()).isEqualTo("/bin/bash -e -c");
    assertThat(parse("--shell", "/bin/sh -e -c").jobSettings().shell()).isEqualTo("/bin/sh -e -c");
  }

  @Test
  void logsAreStampedAndStayOffStdoutUnlessAsked() {
    assertThat(parse().jobSettings().ansiTimestamps()).isTrue();
    assertThat(parse().jobSettings().jobLogsToStdout()).isFalse();
    JobSettings asked = parse("--no-ansi-timestamps", "--write-job-logs-to-stdout").jobSettings();
    assertThat(asked.ansiTimestamps()).isFalse();
    assertThat(asked.jobLogsToStdout()).isTrue();
  }

  @Test
  void timestampLinesPrefixLinesOnlyWithoutAnsiTimestamps() {
    assertThat(parse().jobSettings().logTimestamps()).isEqualTo(LogTimestamps.ANSI);
    assertThat(parse("--timestamp-lines").jobSettings().logTimestamps())
        .as("the official agent ignores it while ANSI timestamps are on")
        .isEqualTo(LogTimestamps.ANSI);
    assertThat(parse("--timestamp-lines", "--no-ansi-timestamps").jobSettings().logTimestamps())
        .isEqualTo(LogTimestamps.LINE_PREFIX);
    assertThat(parse("--no-ansi-timestamps").jobSettings().logTimestamps())
        .isEqualTo(LogTimestamps.NONE);
  }

  @Test
  void noSshKeyscanTurnsItOff() {
    assertThat(parse("--no-ssh-keyscan").jobSettings().sshKeyscan()).isFalse();
    assertThat(parse("--no-ssh-keyscan=false").jobSettings().sshKeyscan()).isTrue();
  }

  @Test
  void thePtyRawExperimentAmongOthers() {
    assertThat(parse("--experiment", "zip-plugins,pty-raw").jobSettings().ptyRaw()).isTrue();
    assertThat(parse("--experiment", "zip-plugins").jobSettings().ptyRaw()).isFalse();
  }

  @Test
  void jobLogFilesGoToTheGivenDirectory() {
    JobSettings settings =
        parse("--enable-job-log-tmpfile", "--job-log-path", dir.toString()).jobSettings();

    assertThat(settings.jobLogTmpfile()).isTrue();
    assertThat(settings.jobLogPath()).isEqualTo(dir.toAbsolutePath());
  }

  @Test
  void aJobLogPathThatIsNoDirectoryIsRefusedByName() {
    Path missing = dir.resolve("missing");

    assertThatIllegalArgumentException()
        .isThrownBy(() ->
            parse("--enable-job-log-tmpfile", "--job-log-path", missing.toString()).jobSettings())
        .withMessageContaining("--job-log-path")
        .withMessageContaining(missing.toString());
  }

  @Test
  void aJobLogPathWithoutTheFileIsIgnored() {
    JobSettings settings = parse("--job-log-path", dir.resolve("missing").toString()).jobSettings();

    assertThat(settings.jobLogTmpfile()).isFalse();
    assertThat(settings.jobLogPath()).isNull();
  }
}
