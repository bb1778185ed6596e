package dev.cairn.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Steps stored with a pipeline (its {@code configuration}, created through the REST API) are
 * interpolated when a build is created, as Buildkite does for its YAML steps editor: only the
 * build's own variables known before the build exists ({@code BUILDKITE_BRANCH}, {@code
 * BUILDKITE_COMMIT}, the pipeline and organization, ...) and the build's env are set; {@code $$}
 * and {@code \$} leave a {@code $} for the job's shell, and {@code BUILDKITE_BUILD_NUMBER} is not
 * known yet.
 */
class ConfiguredStepsInterpolationTest {
  @TempDir Path dataDir;

  @Test
  void configuredStepsAreInterpolatedAtBuildCreationAndDollarDollarReachesTheShellAsDollar()
      throws Exception {
    try (AgentHarness h = new AgentHarness(dataDir)) {
      String steps =
          "steps:\n"
              + "  - command: echo $$HOME \\$PWD on $BUILDKITE_BRANCH of"
              + " $BUILDKITE_PIPELINE_SLUG number ${BUILDKITE_BUILD_NUMBER:-unknown}\n";
      h.createBuild(steps);
      String agent = h.register("agent-1", "host", false).path("access_token").asText();
      String jobId = h.body(h.call("GET", "/v3/ping", agent, null)).path("job").path("id").asText();
      JsonNode job = h.body(h.call("PUT", "/v3/jobs/" + jobId + "/accept", agent, ""));

      assertThat(job.path("env").path("BUILDKITE_COMMAND").asText())
          .isEqualTo(
              "echo $HOME $PWD on main of " + AgentHarness.slugOf(steps) + " number unknown");
    }
  }
}
