package dev.cairn.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What a running job reads and writes besides its log: meta-data, annotations, secrets, steps and
 * its build's cancellation, over real HTTP in the official agent's wire shapes.
 */
class JobDataTest {
  @TempDir Path dataDir;
  private AgentHarness h;

  @BeforeEach
  void start() {
    h = new AgentHarness(dataDir);
  }

  @AfterEach
  void stop() {
    h.close();
  }

  @Test
  void metaDataIsSetThroughAJobAndReadInJobOrBuildScope() throws Exception {
    AgentHarness.Running job = h.startJob("steps:\n  - command: echo meta\n");
    String jobs = "/v3/jobs/" + job.jobId() + "/data/";
    String builds = "/v3/builds/" + job.buildId() + "/data/";
    String token = job.jobToken();
    assertThat(
            h.call("POST", jobs + "set", token, "{\"key\":\"color\",\"value\":\"blue\"}")
                .statusCode())
        .isEqualTo(200);
    assertThat(
            h.call(
                    "POST",
                    jobs + "set-batch",
                    token,
                    "{\"items\":[{\"key\":\"size\",\"value\":\"L\"},{\"key\":\"color\",\"value\":\"red\"}]}")
                .statusCode())
        .isEqualTo(200);
    assertThat(h.call("POST", jobs + "set", token, "{\"key\":\" \",\"value\":\"x\"}").statusCode())
        .isEqualTo(422);

    JsonNode got = h.body(h.call("POST", jobs + "get", token, "{\"key\":\"color\"}"));
    assertThat(got.path("key").asText()).isEqualTo("color");
    assertThat(got.path("value").asText()).isEqualTo("red");
    assertThat(
            h.body(h.call("POST", builds + "get", token, "{\"key\":\"size\"}"))
                .path("value")
                .asText())
        .isEqualTo("L");
    assertThat(h.call("POST", jobs + "get", token, "{\"key\":\"missing\"}").statusCode())
        .isEqualTo(404);
    assertThat(
            h.body(h.call("POST", jobs + "exists", token, "{\"key\":\"size\"}"))
                .path("exists")
                .asBoolean())
        .isTrue();
    assertThat(
            h.body(h.call("POST", builds + "exists", token, "{\"key\":\"nope\"}"))
                .path("exists")
                .asBoolean())
        .isFalse();
    assertThat(h.body(h.call("POST", jobs + "keys", token, null)).toString())
        .isEqualTo("[\"color\",\"size\"]");
    assertThat(h.body(h.call("POST", builds + "keys", token, null)).toString())
        .isEqualTo("[\"color\",\"size\"]");
    String slug = AgentHarness.slugOf("steps:\n  - command: echo meta\n");
    assertThat(
            h.rest(
                    "GET",
                    "/v2/organizations/default/pipelines/" + slug + "/builds/" + job.buildNumber(),
                    null)
                .path("meta_data")
                .toString())
        .as("the REST API shows the build's meta-data")
        .isEqualTo("{\"color\":\"red\",\"size\":\"L\"}");

    AgentHarness.Running other = h.startJob("steps:\n  - command: echo other\n");
    assertThat(h.call("POST", builds + "keys", other.jobToken(), null).statusCode())
        .as("a job token reaches only its own build")
        .isEqualTo(401);
    h.finish(job, "0");
    assertThat(h.call("POST", jobs + "get", token, "{\"key\":\"color\"}").statusCode())
        .as("and only while its job runs")
        .isEqualTo(401);
  }

  @Test
  void annotationsAreCreatedAppendedListedAndRemoved() throws Exception {
    String steps = "steps:\n  - command: echo annotate\n";
    AgentHarness.Running job = h.startJob(steps);
    String path = "/v3/jobs/" + job.jobId() + "/annotations";
    String token = job.jobToken();
    assertThat(
            h.call(
                    "POST",
                    path,
                    token,
                    "{\"body\":\"Tests: \",\"context\":\"tests\",\"style\":\"info\"}")
                .statusCode())
        .isBetween(200, 201);
    assertThat(
            h.call(
                    "POST",
                    path,
                    token,
                    "{\"body\":\"42 passed\",\"context\":\"tests\",\"append\":true,\"style\":\"success\"}")
                .statusCode())
        .isBetween(200, 201);
    assertThat(
            h.call("POST", path, token, "{\"body\":\"mine\",\"scope\":\"job\",\"priority\":9}")
                .statusCode())
        .isBetween(200, 201);
    assertThat(h.call("POST", path, token, "{\"body\":\"x\",\"style\":\"loud\"}").statusCode())
        .isEqualTo(422);
    assertThat(h.call("POST", path, token, "{\"body\":\"x\",\"priority\":11}").statusCode())
        .isEqualTo(422);

    String rest =
        "/v2/organizations/default/pipelines/p"
            + Integer.toHexString(steps.hashCode())
            + "/builds/"
            + job.buildNumber()
            + "/annotations";
    JsonNode list = h.rest("GET", rest, null);
    assertThat(list).hasSize(2);
    assertThat(list.get(0).path("scope").asText()).as("highest priority first").isEqualTo("job");
    assertThat(list.get(0).path("context").asText()).isEqualTo("default");
    assertThat(list.get(1).path("body_html").asText()).isEqualTo("Tests: 42 passed");
    assertThat(list.get(1).path("style").asText()).isEqualTo("success");
    assertThat(list.get(1).path("priority").asInt()).isEqualTo(3);

    assertThat(h.call("DELETE", path + "/tests?scope=build", token, null).statusCode())
        .isEqualTo(200);
    assertThat(h.call("DELETE", path + "/tests?scope=build", token, null).statusCode())
        .isEqualTo(404);
    assertThat(h.call("DELETE", path + "/default?scope=job", token, null).statusCode())
        .isEqualTo(200);
    assertThat(h.rest("GET", rest, null)).isEmpty();
  }

  @Test
  void secretsAreSetThroughTheRestApiReadByJobsAndEncryptedAtRest() throws Exception {
    String value = "s3cr3t-value-that-must-not-leak";
    var put =
        h.restCall("PUT", "/v2/organizations/default/secrets/DEPLOY_KEY", Map.of("value", value));
    assertThat(put.statusCode()).as(put.body()).isEqualTo(200);
    assertThat(put.body()).doesNotContain(value);
    assertThat(
            h.restCall("PUT", "/v2/organizations/default/secrets/bad-key", Map.of("value", "x"))
                .statusCode())
        .isEqualTo(422);
    assertThat(
            h.restCall("PUT", "/v2/organizations/nope/secrets/K", Map.of("value", "x"))
                .statusCode())
        .isEqualTo(404);

    AgentHarness.Running job = h.startJob("steps:\n  - command: echo secret\n");
    JsonNode secret =
        h.body(
            h.call(
                "GET",
                "/v3/jobs/" + job.jobId() + "/secrets?key=DEPLOY_KEY",
                job.jobToken(),
                null));
    assertThat(secret.path("key").asText()).isEqualTo("DEPLOY_KEY");
    assertThat(secret.path("value").asText()).isEqualTo(value);
    assertThat(secret.path("uuid").asText()).isNotEmpty();
    assertThat(
            h.call("GET", "/v3/jobs/" + job.jobId() + "/secrets?key=OTHER", job.jobToken(), null)
                .statusCode())
        .isEqualTo(404);

    try (Stream<Path> files = Files.walk(dataDir)) {
      for (Path file : files.filter(Files::isRegularFile).toList()) {
        assertThat(new String(Files.readAllBytes(file), StandardCharsets.ISO_8859_1))
            .as("no file in the data directory holds the secret in the clear: " + file)
            .doesNotContain(value);
      }
    }
    h.finish(job, "0");
    assertThat(
            h.call(
                    "GET",
                    "/v3/jobs/" + job.jobId() + "/secrets?key=DEPLOY_KEY",
                    job.jobToken(),
                    null)
                .statusCode())
        .isEqualTo(401);
  }

  @Test
  void stepsAreReadAndUpdatedAndTheBuildCanBeCanceledFromAJob() throws Exception {
    AgentHarness.Running job =
        h.startJob("steps:\n  - key: build\n    label: Build it\n    command: make\n");
    String token = job.jobToken();
    String export = "{\"attribute\":\"label\",\"build_id\":\"" + job.buildId() + "\"}";
    assertThat(
            h.body(h.call("POST", "/v3/steps/build/export", token, export)).path("output").asText())
        .isEqualTo("Build it");
    String update =
        "{\"idempotency_uuid\":\"u-1\",\"build_id\":\""
            + job.buildId()
            + "\",\"attribute\":\"label\",\"value\":\" (again)\",\"append\":true}";
    assertThat(h.call("PUT", "/v3/steps/build", token, update).statusCode()).isEqualTo(200);
    assertThat(h.call("PUT", "/v3/steps/build", token, update).statusCode())
        .as("a retried update")
        .isEqualTo(200);
    assertThat(
            h.body(h.call("POST", "/v3/steps/build/export", token, export)).path("output").asText())
        .as("a retried append is applied once")
        .isEqualTo("Build it (again)");
    String whole = "{\"build_id\":\"" + job.buildId() + "\",\"format\":\"json\"}";
    assertThat(
            h.json
                .readTree(
                    h.body(h.call("POST", "/v3/steps/build/export", token, whole))
                        .path("output")
                        .asText())
                .path("command")
                .asText())
        .isEqualTo("make");
    assertThat(h.call("POST", "/v3/steps/nope/export", token, export).statusCode()).isEqualTo(404);
    assertThat(
            h.call("PUT", "/v3/steps/build", token, update.replace("label", "command"))
                .statusCode())
        .isEqualTo(422);

    JsonNode canceled =
        h.body(h.call("POST", "/v3/builds/" + job.buildId() + "/cancel", token, null));
    assertThat(canceled.path("uuid").asText()).isEqualTo(job.buildId());
    assertThat(h.body(h.call("GET", "/v3/jobs/" + job.jobId(), token, null)).path("state").asText())
        .isEqualTo("canceling");
  }
}
