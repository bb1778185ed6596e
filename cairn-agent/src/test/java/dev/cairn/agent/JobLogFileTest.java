package dev.cairn.agent;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cairn.agent.job.JobSettings;
import dev.cairn.agent.log.LogTimestamps;
import dev.cairn.protocol.JobFinish;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Where a job's log goes besides the server, and in what form. {@code --enable-job-log-tmpfile} and
 * {@code --job-log-path} with real hooks: a {@code pre-exit} hook finds everything the job logged
 * before it in {@code $BUILDKITE_JOB_LOG_TMPFILE}, redacted as the uploaded log is and without its
 * timestamps, and the file is gone when the job has finished. {@code --no-ansi-timestamps} leaves
 * the stamps out of the uploaded log; with {@code --timestamp-lines} each line but the headers
 * starts with its time instead. ({@code --write-job-logs-to-stdout} is tested through the real CLI
 * in cairn-it: a test JVM's standard output is the test runner's channel.)
 */
final class JobLogFileTest extends RiggedJobTest {
  private JobSettings settings() {
    return rig.settings(null, true, Duration.ofSeconds(10));
  }

  @Test
  void preExitReadsTheJobLogFromTheFileWhichIsThenRemoved() throws Exception {
    Path logs = Files.createDirectory(work.resolve("job-logs"));
    Path copy = work.resolve("copy.log");
    rig.hook(
        "pre-exit",
        "echo \"tmpfile=$BUILDKITE_JOB_LOG_TMPFILE\"\n"
            + "stat -c %a \"$BUILDKITE_JOB_LOG_TMPFILE\"\n"
            + "cp \"$BUILDKITE_JOB_LOG_TMPFILE\" "
            + copy);
    rig.start(settings().withJobLogTmpfile(logs));
    Map<String, String> env =
        JobRig.command("echo from-command; echo \"secret=$DEPLOY_TOKEN\"; echo to-stderr >&2");
    env.put("DEPLOY_TOKEN", "hunter2-is-a-long-secret");
    server.enqueue("job-1", env, 1024);

    JobFinish finish = server.awaitFinish("job-1");

    String log = server.log("job-1");
    assertThat(finish.exitStatus()).as(log).isEqualTo("0");
    assertThat(log).containsPattern("tmpfile=" + logs + "/buildkite_job_log\\d+").contains("\n600");
    String file = Files.readString(copy);
    assertThat(file)
        .contains("~~~ Running commands", "from-command", "secret=[REDACTED]", "to-stderr")
        .contains("pre-exit")
        .doesNotContain("hunter2-is-a-long-secret")
        .doesNotContain("\u001b_bk;t=");
    assertThat(log).as("the file is the log so far, less its timestamps").startsWith(file);
    assertThat(server.rawLog("job-1")).contains("\u001b_bk;t=");
    assertThat(logs).as("removed when the job ended").isEmptyDirectory();
  }

  @Test
  void withoutAPathTheFileIsInTheTemporaryDirectory() throws Exception {
    rig.hook(
        "pre-exit",
        "echo \"tmpfile=$BUILDKITE_JOB_LOG_TMPFILE\"; wc -l < \"$BUILDKITE_JOB_LOG_TMPFILE\"");
    rig.start(settings().withJobLogTmpfile(null));
    server.enqueue("job-1", JobRig.command("echo hi"), 1024);

    JobFinish finish = server.awaitFinish("job-1");

    String log = server.log("job-1");
    assertThat(finish.exitStatus()).as(log).isEqualTo("0");
    Path tmp = Path.of(System.getProperty("java.io.tmpdir")).toAbsolutePath();
    java.util.regex.Matcher m =
        java.util.regex.Pattern.compile("tmpfile=(" + tmp + "/buildkite_job_log\\d+)").matcher(log);
    assertThat(m.find()).as(log).isTrue();
    assertThat(Path.of(m.group(1))).doesNotExist();
  }

  @Test
  void withoutAnsiTimestampsTheLogHasNone() throws Exception {
    rig.start(settings().withLogOutput(false, false));
    server.enqueue("job-1", JobRig.command("echo one; echo two"), 1024);

    assertThat(server.awaitFinish("job-1").exitStatus()).isEqualTo("0");
    assertThat(server.rawLog("job-1")).contains("one\r\ntwo\r\n").doesNotContain("\u001b_bk;t=");
  }

  @Test
  void timestampLinesPrefixEveryLineButTheHeadersAndOnlyWithoutAnsiTimestamps() throws Exception {
    rig.start(settings().withLogOutput(false, false).withTimestampLines(true));
    server.enqueue("job-1", JobRig.command("echo one; echo '--- a group'; printf two"), 1024);

    assertThat(server.awaitFinish("job-1").exitStatus()).isEqualTo("0");
    String log = server.rawLog("job-1");
    String stamp = "\\[\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\dZ\\] ";
    assertThat(log)
        .containsPattern("(?m)^~~~ Running commands$")
        .containsPattern("(?m)^" + stamp + "one$")
        .containsPattern("(?m)^--- a group$")
        .containsPattern("(?m)^" + stamp + "two$")
        .doesNotContain("\r")
        .doesNotContain("\u001b_bk;t=");
    assertThat(settings().withTimestampLines(true).logTimestamps())
        .as("ANSI timestamps win, as in the official agent")
        .isEqualTo(LogTimestamps.ANSI);
  }

  @Test
  void withoutTheFlagThereIsNoFile() throws Exception {
    rig.hook("pre-exit", "echo \"tmpfile=[${BUILDKITE_JOB_LOG_TMPFILE-unset}]\"");
    rig.start(settings());
    server.enqueue("job-1", JobRig.command("echo hi"), 1024);

    server.awaitFinish("job-1");

    assertThat(server.log("job-1")).contains("tmpfile=[unset]");
  }

  @Test
  void aDirectoryWhereNoFileCanBeMadeFailsTheJobSayingWhy() throws Exception {
    Path gone = work.resolve("no-such-directory");
    rig.start(settings().withJobLogTmpfile(gone));
    server.enqueue("job-1", JobRig.command("echo must-not-run"), 1024);

    JobFinish finish = server.awaitFinish("job-1");

    assertThat(finish.exitStatus()).isEqualTo("-1");
    assertThat(server.log("job-1"))
        .contains("cannot create the job log file (--enable-job-log-tmpfile) in " + gone)
        .doesNotContain("must-not-run");
  }
}
