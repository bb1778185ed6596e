package dev.cairn.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.cairn.testkit.AgentProcess;
import dev.cairn.testkit.CairnProcess;
import dev.cairn.testkit.RestApi;
import dev.cairn.testkit.ServerProcess;
import dev.cairn.testkit.TestDatabase;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Signed pipelines end to end (spec §8), all real processes over HTTP on 127.0.0.1: keys made by
 * {@code cairn agent tool keygen} for EdDSA, ES512 and PS512; a job uploads a pipeline with {@code
 * buildkite-agent pipeline upload --jwks-file}; its steps run on agents started with {@code
 * --verification-jwks-file} (the public keys of all three), one blocking and one only warning, or
 * on an agent without keys, which refuses a signed job it cannot check; the uploading jobs are
 * unsigned and run on another agent without keys. On SQLite only: nothing here is about the
 * database.
 */
class SignedPipelinesTest {
  private static final List<String> ALGORITHMS = List.of("EdDSA", "ES512", "PS512");

  @TempDir static Path root;
  private static ServerOnDatabase running;
  private static ServerProcess server;
  private static RestApi api;
  private static final List<CairnProcess> agents = new ArrayList<>();
  private static Path keys;

  /** One run of {@code cairn …} to its end (key generation). */
  static final class OneShot extends CairnProcess {
    OneShot(List<String> args, Path output) {
      super(args, Map.of(), output);
    }
  }

  @BeforeAll
  static void start() throws Exception {
    running = ServerOnDatabase.start(TestDatabase.Kind.SQLITE, root);
    server = running.server;
    api = server.api();
    keys = Files.createDirectories(running.work.resolve("keys"));
    List<String> publicKeys = new ArrayList<>();
    for (String alg : ALGORITHMS) {
      try (OneShot keygen =
          new OneShot(
              List.of(
                  "agent",
                  "tool",
                  "keygen",
                  "--alg",
                  alg,
                  "--key-id",
                  "key-" + alg,
                  "--private-jwks-file",
                  keys.resolve(alg + "-private.json").toString(),
                  "--public-jwks-file",
                  keys.resolve(alg + "-public.json").toString()),
              keys.resolve("keygen-" + alg + ".log"))) {
        assertThat(keygen.awaitExit(Duration.ofMinutes(1))).isTrue();
        assertThat(keygen.exitValue()).as(keygen.output()).isZero();
      }
      String set = Files.readString(keys.resolve(alg + "-public.json")).strip();
      publicKeys.add(set.substring(set.indexOf('[') + 1, set.lastIndexOf(']')));
    }
    Path all = keys.resolve("all-public.json");
    Files.writeString(all, "{\"keys\":[" + String.join(",", publicKeys) + "]}");
    Path work = running.work;
    agents.add(AgentProcess.start(server, "uploader", work, List.of()));
    agents.add(
        AgentProcess.start(
            server,
            "blocking",
            work,
            List.of("--queue", "block", "--verification-jwks-file", all.toString())));
    agents.add(AgentProcess.start(server, "keyless", work, List.of("--queue", "keyless")));
    agents.add(
        AgentProcess.start(
            server,
            "warning",
            work,
            List.of(
                "--queue",
                "warn",
                "--verification-jwks-file",
                all.toString(),
                "--verification-failure-behavior",
                "warn")));
  }

  @AfterAll
  static void stop() throws InterruptedException {
    for (CairnProcess agent : agents) {
      agent.close();
    }
    if (running != null) {
      running.close();
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"EdDSA", "ES512", "PS512"})
  void signedStepsInGroupsAndMatricesRunOnAVerifyingAgent(String alg) throws Exception {
    Path pipeline = keys.resolve("signed-" + alg + ".yml");
    Files.writeString(
        pipeline,
        """
        env:
          TOP: top-value
        steps:
          - key: plain
            command: echo "plain ran $$TOP $$A"
            env:
              A: a-value
            agents: {queue: block}
          - group: grouped
            steps:
              - key: grouped
                command: echo grouped ran
                agents: {queue: block}
          - key: matrix
            command: echo "matrix ran {{matrix}}"
            matrix: [x, y]
            agents: {queue: block}
        """);
    String slug = "signed-" + alg.toLowerCase(java.util.Locale.ROOT);
    api.createPipeline(
        slug,
        """
        steps:
          - key: upload
            command: buildkite-agent pipeline upload --jwks-file %s --jwks-key-id key-%s %s
        """
            .formatted(keys.resolve(alg + "-private.json"), alg, pipeline));
    long number = api.createBuild(slug);
    JsonNode build = awaitFinished(slug, number);
    String logs = logs(slug, number, build);
    assertThat(build.path("state").asText()).as("%s\n%s", build, logs).isEqualTo("passed");
    assertThat(build.path("jobs").size()).isEqualTo(5);
    assertThat(logs)
        .contains("plain ran top-value a-value", "grouped ran", "matrix ran x", "matrix ran y")
        .doesNotContain("verification failed", "WARNING");
    assertThat(logs.split("Job signature verified", -1)).hasSize(5);
  }

  @Test
  void aChangedCommandIsBlockedOrWarnedAndAnUnsignedJobIsBlocked() throws Exception {
    Path good = keys.resolve("good.yml");
    Files.writeString(
        good,
        """
        steps:
          - key: tampered-block
            command: echo good-ran
            agents: {queue: block}
          - key: tampered-warn
            command: echo good-ran
            agents: {queue: warn}
          - key: keyless
            command: echo keyless-ran
            agents: {queue: keyless}
        """);
    Path key = keys.resolve("EdDSA-private.json");
    api.createPipeline(
        "tampered",
        """
        steps:
          - key: upload
            command: |
              buildkite-agent tool sign --jwks-file %1$s --no-interpolation %2$s > signed.json
              sed 's/echo good-ran/echo evil-ran/' signed.json > tampered.json
              buildkite-agent pipeline upload --no-interpolation tampered.json
              status=0
              buildkite-agent pipeline upload --jwks-file %1$s --jwks-key-id nope %2$s 2> err.txt || status=$$?
              cat err.txt
              test "$$status" != 0
          - key: unsigned
            command: echo unsigned-ran
            agents: {queue: block}
        """
            .formatted(key, good));
    long number = api.createBuild("tampered");
    JsonNode build = awaitFinished("tampered", number);
    String all = logs("tampered", number, build);
    assertThat(build.path("state").asText()).as("%s\n%s", build, all).isEqualTo("failed");
    JsonNode upload = job(build, "upload");
    assertThat(upload.path("exit_status").asInt()).as(all).isZero();
    assertThat(api.log("tampered", number, upload.path("id").asText()))
        .contains("has no key with id nope");

    assertThat(rejectedLog(build, number, "tampered-block"))
        .contains("⛔ Job signature verification failed", "the signature does not match the step")
        .doesNotContain("evil-ran\n", "good-ran\n");

    JsonNode warned = job(build, "tampered-warn");
    String warnedLog = api.log("tampered", number, warned.path("id").asText());
    assertThat(warned.path("exit_status").asInt()).as(warnedLog).isZero();
    assertThat(warnedLog)
        .contains("WARNING: Job signature verification failed", "does not match the step")
        .contains("evil-ran");

    // A signed job on an agent without keys cannot be checked, so it is blocked too.
    assertThat(rejectedLog(build, number, "keyless"))
        .contains("this agent has no verification keys")
        .doesNotContain("keyless-ran\n");

    assertThat(rejectedLog(build, number, "unsigned"))
        .contains("the job is not signed")
        .doesNotContain("unsigned-ran\n");
  }

  /**
   * The log of the job of step {@code key} of the "tampered" build, after checking the agent
   * refused it: exit status -1 and {@code signature_rejected}.
   */
  private static String rejectedLog(JsonNode build, long number, String key) {
    JsonNode job = job(build, key);
    String log = api.log("tampered", number, job.path("id").asText());
    assertThat(job.path("exit_status").asInt()).as(log).isEqualTo(-1);
    assertThat(job.path("signal_reason").asText()).isEqualTo("signature_rejected");
    return log;
  }

  private static JsonNode job(JsonNode build, String key) {
    for (JsonNode job : build.path("jobs")) {
      if (key.equals(job.path("step_key").asText())) {
        return job;
      }
    }
    throw new AssertionError("no job " + key + " in " + build);
  }

  private static String logs(String slug, long number, JsonNode build) {
    StringBuilder all = new StringBuilder();
    for (JsonNode job : build.path("jobs")) {
      if (job.hasNonNull("id") && "script".equals(job.path("type").asText("script"))) {
        all.append("--- ")
            .append(job.path("step_key").asText())
            .append('\n')
            .append(api.log(slug, number, job.path("id").asText()))
            .append('\n');
      }
    }
    return all.toString();
  }

  private static JsonNode awaitFinished(String slug, long number) throws InterruptedException {
    try {
      return api.awaitFinished(slug, number, Duration.ofMinutes(2));
    } catch (IllegalStateException e) {
      StringBuilder out = new StringBuilder(e.getMessage()).append("\n--- server\n");
      out.append(server.output());
      for (CairnProcess agent : agents) {
        out.append("\n--- agent\n").append(agent.output());
      }
      throw new AssertionError(out.toString(), e);
    }
  }
}
