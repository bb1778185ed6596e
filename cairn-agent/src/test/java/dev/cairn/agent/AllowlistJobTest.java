package dev.cairn.agent;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cairn.agent.job.JobAllowlist;
import dev.cairn.agent.job.JobSettings;
import dev.cairn.protocol.JobFinish;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The agent's allow-lists with a real agent and real hooks: a job whose repository, plugin or
 * variable is not allowed is refused (exit -1, {@code agent_refused}) before any hook runs, and a
 * job that passes runs as usual.
 */
final class AllowlistJobTest extends RiggedJobTest {
  @BeforeEach
  void environmentHook() throws Exception {
    rig.hook("environment", "echo environment-hook-ran");
  }

  private JobSettings settings(JobAllowlist allowlist) {
    return rig.settings(work.resolve("plugins"), true, Duration.ofSeconds(10))
        .withAllowlist(allowlist);
  }

  private static List<Pattern> patterns(String... regexes) {
    return java.util.Arrays.stream(regexes).map(Pattern::compile).toList();
  }

  @Test
  void aRepositoryNoPatternMatchesIsRefusedBeforeAnythingRuns() throws Exception {
    rig.start(
        settings(new JobAllowlist(patterns("^git@github.com:acme/"), List.of(), false, List.of())));
    Map<String, String> env = JobRig.command("echo must-not-run");
    env.put("BUILDKITE_REPO", "https://robot:hunter2-token@github.com/other/thing.git");
    server.enqueue("job-1", env, 4096);

    JobFinish finish = server.awaitFinish("job-1");

    assertThat(finish.exitStatus()).isEqualTo("-1");
    assertThat(finish.signalReason()).isEqualTo("agent_refused");
    assertThat(server.log("job-1"))
        .contains(
            "this agent refuses the job: the repository \"https://***@github.com/other/thing.git\"")
        .contains("--allowed-repositories")
        .doesNotContain("hunter2-token", "environment-hook-ran", "must-not-run");
  }

  @Test
  void aMatchingRepositoryRunsAsUsual() throws Exception {
    rig.start(
        settings(new JobAllowlist(patterns("^/nowhere/", "acme"), List.of(), false, List.of())));
    Map<String, String> env = JobRig.command("echo command-ran");
    env.put("BUILDKITE_REPO", "git@github.com:acme/app.git");
    env.put("BUILDKITE_BUILD_CHECKOUT_PATH", work.toString());
    server.enqueue("job-1", env, 4096);

    JobFinish finish = server.awaitFinish("job-1");

    assertThat(finish.exitStatus()).as(server.log("job-1")).isEqualTo("0");
    assertThat(server.log("job-1")).contains("environment-hook-ran", "command-ran");
  }

  @Test
  void aPluginNoPatternMatchesIsRefused() throws Exception {
    rig.start(
        settings(
            new JobAllowlist(
                List.of(), patterns("^docker#", "^github.com/acme/"), false, List.of())));
    Map<String, String> env = JobRig.command("echo must-not-run");
    env.put(
        "BUILDKITE_PLUGINS",
        "[\"docker#v5.0.0\", {\"github.com/evil/x-buildkite-plugin#v1\": {\"a\": 1}}]");
    server.enqueue("job-1", env, 4096);

    JobFinish finish = server.awaitFinish("job-1");

    assertThat(finish.signalReason()).isEqualTo("agent_refused");
    assertThat(server.log("job-1"))
        .contains(
            "the plugin \"github.com/evil/x-buildkite-plugin#v1\" matches none of --allowed-plugins")
        .doesNotContain("environment-hook-ran", "must-not-run");
  }

  @Test
  void withTheVariableAllowlistOnlyAllowedAndBuildkiteVariablesPass() throws Exception {
    rig.start(settings(new JobAllowlist(List.of(), List.of(), true, patterns("^MYAPP_"))));
    Map<String, String> refused = JobRig.command("echo must-not-run");
    refused.put("MYAPP_MODE", "fast");
    refused.put("SNEAKY", "value-not-shown");
    server.enqueue("job-1", refused, 4096);
    Map<String, String> allowed = JobRig.command("echo mode=$MYAPP_MODE");
    allowed.put("MYAPP_MODE", "fast");
    allowed.put("CI", "true");

    JobFinish first = server.awaitFinish("job-1");
    server.enqueue("job-2", allowed, 4096);
    JobFinish second = server.awaitFinish("job-2");

    assertThat(first.signalReason()).isEqualTo("agent_refused");
    assertThat(server.log("job-1"))
        .contains("the job's variables [SNEAKY] match none of --allowed-environment-variables")
        .doesNotContain("value-not-shown", "must-not-run");
    assertThat(second.exitStatus()).as(server.log("job-2")).isEqualTo("0");
    assertThat(server.log("job-2")).contains("mode=fast");
  }
}
