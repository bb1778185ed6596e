package dev.cairn.agent;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cairn.agent.job.JobSettings;
import dev.cairn.agent.log.Redactor;
import dev.cairn.agent.process.Signal;
import dev.cairn.protocol.JobFinish;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * {@code --shell} with real shells: the command runs under the configured shell (bash by default),
 * which the job sees as {@code BUILDKITE_SHELL}; without command eval a checkout script is made
 * executable and run by its own {@code #!} line, as the official agent runs it.
 */
final class CommandShellTest extends RiggedJobTest {
  private static final String PROBE =
      "echo \"bash=${BASH_VERSION:+yes} shell=$BUILDKITE_SHELL\"; false; echo not-stopped-by-e";

  @Test
  void theDefaultShellIsBashWithE() throws Exception {
    rig.start(rig.settings(null, true, Duration.ofSeconds(10)));
    server.enqueue("job-1", JobRig.command(PROBE), 1024);

    JobFinish finish = server.awaitFinish("job-1");

    assertThat(finish.exitStatus()).isEqualTo("1");
    assertThat(server.log("job-1"))
        .contains("bash=yes shell=/bin/bash -e -c")
        .doesNotContain("not-stopped-by-e\r\n");
  }

  @Test
  void anotherShellRunsTheCommand() throws Exception {
    rig.start(rig.settings(null, true, Duration.ofSeconds(10)).withShell("/bin/sh -c"));
    server.enqueue("job-1", JobRig.command(PROBE), 1024);

    JobFinish finish = server.awaitFinish("job-1");

    assertThat(finish.exitStatus()).as(server.log("job-1")).isEqualTo("0");
    assertThat(server.log("job-1")).contains("bash= shell=/bin/sh -c", "not-stopped-by-e");
  }

  @Test
  void withoutCommandEvalAScriptRunsByItsOwnInterpreter() throws Exception {
    Path checkout = Files.createDirectories(work.resolve("checkout"));
    Files.writeString(
        checkout.resolve("build.py"), "#!/usr/bin/env python3\nprint('from python', 6 * 7)\n");
    rig.start(
        new JobSettings(
            rig.hooks(),
            null,
            true,
            false,
            false,
            Redactor.DEFAULT_PATTERNS,
            List.of(),
            Signal.SIGTERM,
            Duration.ofSeconds(10),
            work.resolve("sockets"),
            false,
            false,
            false,
            true));
    Map<String, String> env = JobRig.command("build.py");
    env.put("BUILDKITE_BUILD_CHECKOUT_PATH", checkout.toString());
    server.enqueue("job-1", env, 1024);

    JobFinish finish = server.awaitFinish("job-1");

    assertThat(finish.exitStatus()).as(server.log("job-1")).isEqualTo("0");
    assertThat(server.log("job-1")).contains("from python 42");
    assertThat(checkout.resolve("build.py")).isExecutable();
  }
}
