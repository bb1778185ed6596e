package dev.cairn.agent;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cairn.agent.job.JobSettings;
import dev.cairn.protocol.JobFinish;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The {@code pre-bootstrap} agent hook with a real agent and real processes: it runs before
 * anything of the job, with only the agent's environment, the env files and the job's id, token and
 * endpoint; a non-zero exit, or a hook that cannot be run, refuses the job (exit -1, {@code
 * agent_refused}) and nothing of the job runs; what the hook prints stays out of the job's log.
 */
final class PreBootstrapHookTest extends RiggedJobTest {
  private JobSettings settings(Path... additional) {
    return rig.settings(null, true, Duration.ofSeconds(10))
        .withAdditionalHooksPaths(List.of(additional));
  }

  /** Writes an executable bash hook {@code name} into {@code dir}. */
  private static void executable(Path dir, String name, String body) throws Exception {
    JobRig.script(dir.resolve(name), body);
    Files.setPosixFilePermissions(dir.resolve(name), PosixFilePermissions.fromString("rwx------"));
  }

  private Map<String, String> job(String command) {
    Map<String, String> env = JobRig.command(command);
    env.put("BUILDKITE_BUILD_CHECKOUT_PATH", work.toString());
    return env;
  }

  @Test
  void aFailingHookRefusesTheJobBeforeAnyOfItRuns() throws Exception {
    executable(rig.hooks(), "pre-bootstrap", "echo hook-says-no; exit 3");
    rig.hook("environment", "echo environment-hook-ran");
    rig.start(settings());
    server.enqueue("job-1", job("echo must-not-run"), 4096);

    JobFinish finish = server.awaitFinish("job-1");

    assertThat(finish.exitStatus()).isEqualTo("-1");
    assertThat(finish.signalReason()).isEqualTo("agent_refused");
    assertThat(server.log("job-1"))
        .contains("pre-bootstrap hook rejected this job")
        .doesNotContain("hook-says-no", "environment-hook-ran", "must-not-run");
  }

  @Test
  void anAcceptingHookVetsTheEnvFilesWithOnlyAMinimalEnvironment() throws Exception {
    Path seen = work.resolve("seen");
    executable(
        rig.hooks(),
        "pre-bootstrap",
        "env > "
            + seen.resolve("env")
            + "; cp \"$BUILDKITE_ENV_FILE\" "
            + seen.resolve("shell")
            + "; cp \"$BUILDKITE_ENV_JSON_FILE\" "
            + seen.resolve("json"));
    Files.createDirectory(seen);
    Map<String, String> env = job("cat \"$BUILDKITE_ENV_FILE\" > /dev/null && echo command-ran");
    env.put("MULTI", "two\nlines \"q\"");
    rig.start(settings());
    server.enqueue("job-1", env, 4096);

    JobFinish finish = server.awaitFinish("job-1");

    assertThat(finish.exitStatus()).as(server.log("job-1")).isEqualTo("0");
    assertThat(server.log("job-1")).contains("command-ran");
    String hookEnv = Files.readString(seen.resolve("env"));
    assertThat(hookEnv)
        .contains(
            "BUILDKITE_JOB_ID=job-1\n",
            "BUILDKITE_AGENT_ACCESS_TOKEN=job-secret-job-1\n",
            "BUILDKITE_AGENT_ENDPOINT=" + server.endpoint() + "\n",
            "BUILDKITE_NO_HTTP2=false\n",
            "BUILDKITE_ENV_FILE=",
            "BUILDKITE_ENV_JSON_FILE=",
            "HOME=" + work + "\n")
        .doesNotContain("BUILDKITE_COMMAND", "MULTI", "BUILDKITE_BUILD_CHECKOUT_PATH");
    assertThat(Files.readString(seen.resolve("shell")))
        .contains("MULTI=\"two\\nlines \\\"q\\\"\"\n", "BUILDKITE_PIPELINE_SLUG=\"web\"\n");
    assertThat(Files.readString(seen.resolve("json")))
        .contains("\"MULTI\":\"two\\nlines \\\"q\\\"\"");
    String envFile =
        hookEnv
            .lines()
            .filter(l -> l.startsWith("BUILDKITE_ENV_FILE="))
            .findFirst()
            .orElseThrow()
            .substring("BUILDKITE_ENV_FILE=".length());
    assertThat(Path.of(envFile)).as("removed when the job ends").doesNotExist();
  }

  @Test
  void anExecutableScriptThatCannotBeExecutedRefusesButAPlainOneRunsWithBash() throws Exception {
    rig.hook("pre-bootstrap", "exit 0"); // #!/bin/bash, but not executable
    rig.start(settings());
    server.enqueue("job-1", job("echo must-not-run"), 4096);

    JobFinish finish = server.awaitFinish("job-1");

    assertThat(finish.signalReason()).isEqualTo("agent_refused");
    assertThat(server.log("job-1")).doesNotContain("must-not-run");

    // No #! line: run with bash, executable or not.
    Path plain = rig.hooks().resolve("pre-bootstrap");
    Files.writeString(plain, "echo plain-hook > " + work.resolve("plain-ran") + "\n");
    Files.setPosixFilePermissions(plain, PosixFilePermissions.fromString("rw-------"));
    server.enqueue("job-2", job("echo command-ran"), 4096);

    assertThat(server.awaitFinish("job-2").exitStatus()).as(server.log("job-2")).isEqualTo("0");
    assertThat(work.resolve("plain-ran")).hasContent("plain-hook");
  }

  @Test
  void onlyTheHooksPathIsSearchedAsTheOfficialAgentDoes() throws Exception {
    Path second = Files.createDirectory(work.resolve("second"));
    executable(rig.hooks(), "pre-bootstrap", "echo first > " + work.resolve("first-ran"));
    executable(second, "pre-bootstrap", "echo second > " + work.resolve("second-ran") + "; exit 1");
    rig.start(settings(second));
    server.enqueue("job-1", job("echo command-ran"), 4096);

    assertThat(server.awaitFinish("job-1").exitStatus()).as(server.log("job-1")).isEqualTo("0");
    assertThat(work.resolve("first-ran")).exists();
    assertThat(work.resolve("second-ran")).doesNotExist();
  }
}
