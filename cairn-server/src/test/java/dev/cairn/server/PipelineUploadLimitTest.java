package dev.cairn.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.http.HttpResponse;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The pipeline uploads one build may receive is a server setting ({@code cairn server
 * --max-pipeline-uploads}, default 500 as Buildkite): past it, an upload is refused with a 422 that
 * names the limit and the setting, and a retried upload that was already applied is still answered.
 */
class PipelineUploadLimitTest {
  @TempDir Path dataDir;

  @Test
  void uploadsPastTheConfiguredLimitAreRefused() throws Exception {
    try (AgentHarness h = new AgentHarness(dataDir, c -> c.withMaxPipelineUploads(2))) {
      AgentHarness.Running job = h.startJob("steps:\n  - command: upload\n");

      assertThat(upload(h, job, "u1").statusCode()).isEqualTo(200);
      assertThat(upload(h, job, "u2").statusCode()).isEqualTo(200);
      HttpResponse<String> third = upload(h, job, "u3");

      assertThat(third.statusCode()).isEqualTo(422);
      assertThat(third.body())
          .contains("already has 2 pipeline uploads, the limit per build is 2")
          .contains("--max-pipeline-uploads");
      assertThat(upload(h, job, "u1").statusCode())
          .as("an upload already applied is answered, not refused")
          .isEqualTo(200);
      h.finish(job, "0");
    }
  }

  @Test
  void theLimitDefaultsToBuildkitesAndMustBePositive() {
    ServerConfig config = ServerConfig.listening("127.0.0.1:0", dataDir);

    assertThat(config.maxPipelineUploads()).isEqualTo(500);
    assertThat(config.toString()).contains("maxPipelineUploads=500");
    assertThatThrownBy(() -> config.withMaxPipelineUploads(0))
        .hasMessage(
            "--max-pipeline-uploads (env CAIRN_MAX_PIPELINE_UPLOADS) must be at least 1, got 0");
  }

  private static HttpResponse<String> upload(AgentHarness h, AgentHarness.Running job, String id)
      throws Exception {
    return h.call(
        "POST",
        "/v3/jobs/" + job.jobId() + "/pipelines",
        job.jobToken(),
        "{\"uuid\":\"" + id + "\",\"pipeline\":{\"steps\":[{\"command\":\"echo " + id + "\"}]}}");
  }
}
