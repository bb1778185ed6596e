package dev.cairn.agent;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cairn.protocol.JobFinish;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The job API socket during a real job (spec §4.8), called from bash hooks with curl, an HTTP
 * client that knows nothing of Cairn: a variable set through it reaches later hooks and the
 * command, an unset one is gone, a redaction added hides the value from then on, protected
 * variables and wrong tokens are refused, and the socket is gone after the job.
 */
final class JobApiLifecycleTest extends RiggedJobTest {
  private static final String CURL =
      "curl -sS --unix-socket \"$BUILDKITE_AGENT_JOB_API_SOCKET\""
          + " -H \"Authorization: Bearer $BUILDKITE_AGENT_JOB_API_TOKEN\""
          + " -H 'Content-Type: application/json'";

  @Test
  void hooksChangeTheJobEnvironmentAndRedactionsThroughTheSocket() throws Exception {
    rig.hook(
        "environment",
        "echo socket=$BUILDKITE_AGENT_JOB_API_SOCKET > "
            + work.resolve("socket.txt")
            + "\n"
            + CURL
            + " -X PATCH -d '{\"env\":{\"FROM_API\":\"api-value\",\"KEEP\":\"changed\"}}'"
            + " http://job-api/api/current-job/v0/env; echo\n"
            + CURL
            + " -X DELETE -d '{\"keys\":[\"GONE\",\"NEVER_SET\"]}'"
            + " http://job-api/api/current-job/v0/env; echo\n"
            + CURL
            + " -X POST -d '{\"redact\":\"hunter2-secret\"}'"
            + " http://job-api/api/current-job/v0/redactions; echo\n"
            + CURL
            + " -w ' %{http_code}' -X PATCH -d '{\"env\":{\"BUILDKITE_AGENT_ACCESS_TOKEN\":\"x\"}}'"
            + " http://job-api/api/current-job/v0/env; echo\n"
            + "curl -sS -w ' %{http_code}' --unix-socket \"$BUILDKITE_AGENT_JOB_API_SOCKET\""
            + " -H 'Authorization: Bearer wrong' http://job-api/api/current-job/v0/env; echo\n"
            + "echo in-the-same-hook=${FROM_API:-not-yet}");
    rig.hook(
        "pre-command",
        "echo pre-command sees $FROM_API\n"
            + CURL
            + " http://job-api/api/current-job/v0/env | grep -o '\"FROM_API\":\"api-value\"'");
    Map<String, String> env =
        JobRig.command(
            "echo command $FROM_API keep=$KEEP gone=${GONE:-unset} pty=$BUILDKITE_PTY;"
                + " echo hunter2-secret");
    env.put("KEEP", "original");
    env.put("GONE", "here");
    startAgent();
    server.enqueue("job-1", env, 4096);

    JobFinish finish = server.awaitFinish("job-1");

    String log = server.log("job-1");
    assertThat(finish.exitStatus()).as(log).isEqualTo("0");
    assertThat(log)
        .containsSubsequence(
            "{\"added\":[\"FROM_API\"],\"updated\":[\"KEEP\"]}",
            "{\"deleted\":[\"GONE\"]}",
            "{\"redacted\":\"[REDACTED]\"}",
            "the following environment variables are protected",
            " 422",
            "invalid or missing bearer token",
            " 401",
            "in-the-same-hook=not-yet",
            "pre-command sees api-value",
            "\"FROM_API\":\"api-value\"",
            "command api-value keep=changed gone=unset pty=true",
            "[REDACTED]")
        .doesNotContain("hunter2-secret");
    String socket = Files.readString(work.resolve("socket.txt")).strip().substring(7);
    assertThat(Path.of(socket)).doesNotExist();
  }

  private void startAgent() {
    rig.start(rig.settings(null, true, Duration.ofSeconds(10)));
  }
}
