package dev.cairn.agent;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cairn.protocol.JobFinish;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * {@code --no-http2} with a real agent and real bash: jobs and the pre-bootstrap hook see {@code
 * BUILDKITE_NO_HTTP2} as the agent was started, and the agent's value wins over a job's, as the
 * official agent sets it ({@code agent/job_runner.go}); the in-job artifact commands read it.
 */
final class NoHttp2Test extends RiggedJobTest {
  private String run(boolean http2, Map<String, String> job) throws Exception {
    Path hook = rig.hooks().resolve("pre-bootstrap");
    JobRig.script(hook, "echo \"$BUILDKITE_NO_HTTP2\" > " + work.resolve("pre-bootstrap-saw"));
    Files.setPosixFilePermissions(hook, PosixFilePermissions.fromString("rwx------"));
    rig.start(rig.settings(null, true, Duration.ofSeconds(10)).withHttp2(http2));
    server.enqueue("job-1", job, 4096);
    JobFinish finish = server.awaitFinish("job-1");
    assertThat(finish.exitStatus()).as(server.log("job-1")).isEqualTo("0");
    return server.log("job-1");
  }

  @Test
  void withTheFlagJobsAndThePreBootstrapHookSeeTrue() throws Exception {
    String log = run(false, JobRig.command("echo no-http2=$BUILDKITE_NO_HTTP2"));

    assertThat(log).contains("no-http2=true");
    assertThat(work.resolve("pre-bootstrap-saw")).hasContent("true");
  }

  @Test
  void withoutItFalseEvenIfTheJobSaysOtherwise() throws Exception {
    Map<String, String> job = JobRig.command("echo no-http2=$BUILDKITE_NO_HTTP2");
    job.put("BUILDKITE_NO_HTTP2", "true");

    String log = run(true, job);

    assertThat(log).contains("no-http2=false");
    assertThat(work.resolve("pre-bootstrap-saw")).hasContent("false");
  }
}
