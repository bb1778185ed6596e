package dev.cairn.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.nimbusds.jose.crypto.factories.DefaultJWSVerifierFactory;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import dev.cairn.testkit.AgentProgram;
import dev.cairn.testkit.GitRepository;
import dev.cairn.testkit.RestApi;
import dev.cairn.testkit.ServerProcess;
import dev.cairn.testkit.TestDatabase;
import dev.cairn.testkit.TestProcess;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.AfterParameterizedClassInvocation;
import org.junit.jupiter.params.BeforeParameterizedClassInvocation;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The agent conformance suite: one Cairn server and agents of one {@link AgentProgram}, all real
 * processes over HTTP on 127.0.0.1, started with the official agent's flags and running pipelines
 * that use the official agent's in-job commands. The same test, unchanged, runs Cairn's own agent
 * and the official {@code buildkite-agent} (when installed; see {@link AgentProgram}): what passes
 * with both is what Cairn's agent must do like the official one, and what Cairn's server must serve
 * for either. Every case checks its outcome through the REST API and the job log.
 *
 * <p>Agents: three workers in one process ({@code --spawn 3}) with a hooks path, a plugins path and
 * short cancel grace periods serve the default queue; one verifying signatures serves {@code
 * signed}; the cases for {@code --disconnect-after-job} and {@code --acquire-job} start their own.
 * The job-timeout case needs a whole minute ({@code timeout_in_minutes: 1}), so its build starts
 * with the suite and the case that checks it runs last.
 */
@ParameterizedClass(name = "[{0}]")
@EnumSource(AgentProgram.class)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class AgentConformanceTest {
  private static final Duration BUILD_LIMIT = Duration.ofMinutes(2);
  private static final String KEY_ID = "conformance-key";

  @TempDir static Path root;

  /** The agent program this run of the class drives (also in the test's display name). */
  @Parameter AgentProgram program;

  private static AgentProgram agentProgram;
  private static ServerOnDatabase running;
  private static ServerProcess server;
  private static RestApi api;
  private static Path work;
  private static Path keys;
  private static Path pluginRepo;
  private static final List<TestProcess> agents = new ArrayList<>();
  private static long timeoutBuild;

  @BeforeParameterizedClassInvocation
  static void start(AgentProgram program) throws Exception {
    assumeTrue(program.unavailable().isEmpty(), () -> program.unavailable().orElseThrow());
    agentProgram = program;
    running = ServerOnDatabase.start(TestDatabase.Kind.SQLITE, root.resolve(program.name()));
    server = running.server;
    api = server.api();
    work = running.work;
    writeHooks(Files.createDirectories(work.resolve("hooks")));
    pluginRepo = pluginRepository(work.resolve("src/greeter-buildkite-plugin"));
    keys = generateKeys(Files.createDirectories(work.resolve("keys")));
    agents.add(startAgent("conf", "default", 3));
    agents.add(
        startAgent(
            "signed",
            "signed",
            1,
            "--verification-jwks-file",
            keys.resolve("public.json").toString()));
    agents.add(startAgent("slow", "slow", 1));
    api.createPipeline(
        "timeout",
        """
        steps:
          - key: slow
            command: echo rea""dy; sleep 300
            timeout_in_minutes: 1
            agents: {queue: slow}
        """);
    timeoutBuild = api.createBuild("timeout");
  }

  @AfterParameterizedClassInvocation
  static void stop() throws InterruptedException {
    for (TestProcess agent : agents) {
      agent.close();
    }
    agents.clear();
    if (running != null) {
      running.close();
      running = null;
    }
  }

  @Test
  @Order(1)
  void metaDataSetInOneStepIsReadInTheNext() throws Exception {
    Finished build =
        run(
            "metadata",
            """
            steps:
              - key: set
                command: |
                  buildkite-agent meta-data set colour blue
                  echo large | buildkite-agent meta-data set size
              - wait
              - key: get
                command: |
                  test "$(buildkite-agent meta-data get colour)" = blue
                  buildkite-agent meta-data exists size
                  status=0; buildkite-agent meta-data exists nope || status=$$?
                  test "$$status" = 100
                  test "$(buildkite-agent meta-data get nope --default fallback)" = fallback
                  echo "keys: $(buildkite-agent meta-data keys | sort | tr '\\n' ' ')"
            """);
    build.assertPassed();
    assertThat(build.json().path("meta_data").toString())
        .isEqualTo("{\"colour\":\"blue\",\"size\":\"large\"}");
    assertThat(build.log("get")).contains("keys: colour size ");
  }

  @Test
  @Order(2)
  void anArtifactUploadedInOneStepIsDownloadedByteIdenticalInAnother() throws Exception {
    Finished build =
        run(
            "artifacts",
            """
            steps:
              - key: upload
                command: |
                  mkdir -p out
                  head -c 1048576 /dev/urandom > out/blob.bin
                  echo "made $(sha256sum out/blob.bin)"
                  buildkite-agent artifact upload "out/*.bin"
              - wait
              - key: download
                command: |
                  rm -rf in && mkdir in
                  buildkite-agent artifact download out/blob.bin in
                  echo "got $(sha256sum in/out/blob.bin)"
                  echo "recorded $(buildkite-agent artifact shasum --sha256 out/blob.bin)"
            """);
    build.assertPassed();
    String made = hex(build.log("upload"), "made ([0-9a-f]{64})");
    String downloadLog = build.log("download");
    assertThat(hex(downloadLog, "got ([0-9a-f]{64})")).isEqualTo(made);
    assertThat(hex(downloadLog, "recorded ([0-9a-f]{64})")).isEqualTo(made);
  }

  @Test
  @Order(3)
  void aGeneratedPipelineIsUploadedAndRunsBeforeTheNextWait() throws Exception {
    Finished build =
        run(
            "upload",
            """
            steps:
              - key: generate
                command: |
                  printf 'steps:\\n  - key: generated\\n    command: echo "generated step ran"\\n' > gen.yml
                  buildkite-agent pipeline upload gen.yml
              - wait
              - key: after
                command: echo after the wait
            """);
    build.assertPassed();
    assertThat(build.log("generated")).contains("generated step ran");
    assertThat(Instant.parse(build.job("generated").path("finished_at").asText()))
        .isBeforeOrEqualTo(Instant.parse(build.job("after").path("started_at").asText()));
  }

  @Test
  @Order(4)
  void annotationsAreCreatedAndAppended() throws Exception {
    Finished build =
        run(
            "annotate",
            """
            steps:
              - key: annotate
                command: |
                  buildkite-agent annotate --style success --context conformance "built **fine**"
                  buildkite-agent annotate --append --context conformance " and appended"
                  buildkite-agent annotate --style warning "another context"
            """);
    build.assertPassed();
    JsonNode annotations =
        api.json("GET", api.buildPath("annotate", build.number()) + "/annotations", null);
    JsonNode conformance = null;
    for (JsonNode annotation : annotations) {
      if ("conformance".equals(annotation.path("context").asText())) {
        conformance = annotation;
      }
    }
    assertThat(conformance).as("%s", annotations).isNotNull();
    assertThat(conformance.path("style").asText()).isEqualTo("success");
    assertThat(conformance.path("body_html").asText()).contains("fine", "and appended");
    assertThat(annotations.toString()).contains("another context", "warning");
  }

  @Test
  @Order(5)
  void anOidcTokenVerifiesAgainstTheServersPublishedKeys() throws Exception {
    Finished build =
        run(
            "oidc",
            """
            steps:
              - key: token
                command: |
                  token=$(buildkite-agent oidc request-token --audience https://conformance.test)
                  buildkite-agent meta-data set oidc-token "$$token"
                  echo "token: $$token"
            """);
    build.assertPassed();
    String token = build.json().path("meta_data").path("oidc-token").asText();
    assertThat(build.log("token")).contains("token: [REDACTED]").doesNotContain(token);

    SignedJWT jwt = SignedJWT.parse(token);
    JWKSet published = JWKSet.parse(get(server.baseUrl() + "/.well-known/jwks.json"));
    JWK key = published.getKeyByKeyId(jwt.getHeader().getKeyID());
    assertThat(key).as("key %s in %s", jwt.getHeader().getKeyID(), published).isNotNull();
    assertThat(
            jwt.verify(
                new DefaultJWSVerifierFactory()
                    .createJWSVerifier(jwt.getHeader(), key.toPublicJWK().toECKey().toPublicKey())))
        .isTrue();
    JWTClaimsSet claims = jwt.getJWTClaimsSet();
    assertThat(claims.getAudience()).containsExactly("https://conformance.test");
    assertThat(claims.getSubject()).contains("pipeline:oidc");
    assertThat(claims.getStringClaim("job_id")).isEqualTo(build.job("token").path("id").asText());
    assertThat(claims.getExpirationTime()).isAfter(claims.getIssueTime());
  }

  @Test
  @Order(6)
  void secretsFromTheServersStoreAreReadByCommandOrDeclaredByTheStepAndRedacted() throws Exception {
    api.json(
        "PUT", "/v2/organizations/default/secrets/DEPLOY_KEY", Map.of("value", "s3cr3t-v4lue-42"));
    Finished build =
        run(
            "secret",
            """
            steps:
              - key: reader
                command: |
                  value=$$(buildkite-agent secret get DEPLOY_KEY)
                  test "$$value" = "s3cr3t-v4lue-$$((40 + 2))"
                  echo "the secret is $$value"
              - key: declared
                secrets:
                  MY_DEPLOY_KEY: DEPLOY_KEY
                command: |
                  test "$$MY_DEPLOY_KEY" = "s3cr3t-v4lue-$$((40 + 2))"
                  echo "the step's secret is $$MY_DEPLOY_KEY"
            """);
    build.assertPassed();
    assertThat(build.log("reader"))
        .contains("the secret is [REDACTED]")
        .doesNotContain("s3cr3t-v4lue-42");
    assertThat(build.log("declared"))
        .containsSubsequence(
            "Secret DEPLOY_KEY added as environment variable MY_DEPLOY_KEY",
            "the step's secret is [REDACTED]")
        .doesNotContain("s3cr3t-v4lue-42");
  }

  @Test
  @Order(7)
  void agentHooksFromTheHooksPathRunAroundTheCommand() throws Exception {
    Finished build =
        run(
            "hooks",
            """
            steps:
              - key: hooked
                command: echo "command sees $$HOOKED_VALUE"
            """);
    build.assertPassed();
    assertThat(build.log("hooked"))
        .containsSubsequence(
            "pre-command hook for hooked",
            "command sees from-environment-hook",
            "post-command hook saw exit 0");
  }

  @Test
  @Order(8)
  void aPluginIsClonedFromALocalGitRepositoryAtATag() throws Exception {
    Finished build =
        run(
            "plugin",
            """
            steps:
              - key: plugged
                command: echo command ran
                plugins:
                  - %s#v1.0.0:
                      greeting: hello from the pipeline
            """
                .formatted(pluginRepo));
    build.assertPassed();
    assertThat(build.log("plugged"))
        .containsSubsequence("greeter v1 says: hello from the pipeline", "command ran");
  }

  @Test
  @Order(9)
  void threeSpawnedWorkersRunThreeJobsAtOnce() throws Exception {
    Path barrier = Files.createDirectories(work.resolve("barrier"));
    Finished build =
        run(
            "spawn",
            """
            steps:
              - key: together
                parallelism: 3
                command: |
                  touch %1$s/$$BUILDKITE_PARALLEL_JOB
                  for i in $$(seq 1 300); do [ "$$(ls %1$s | wc -l)" -ge 3 ] && break; sleep 0.1; done
                  echo "saw $$(ls %1$s | wc -l) jobs running"
                  [ "$$(ls %1$s | wc -l)" -ge 3 ]
            """
                .formatted(barrier));
    build.assertPassed();
    Set<String> agentNames = new HashSet<>();
    for (JsonNode job : build.jobs("together")) {
      agentNames.add(job.path("agent").path("name").asText());
    }
    assertThat(agentNames).containsExactlyInAnyOrder("conf-1", "conf-2", "conf-3");
  }

  @Test
  @Order(10)
  void anAgentStartedWithDisconnectAfterJobRunsOneJobAndExits() throws Exception {
    try (TestProcess once = startAgent("once", "once", 1, "--disconnect-after-job")) {
      Finished build =
          run(
              "once",
              """
              steps:
                - key: only
                  command: echo the only job
                  agents: {queue: once}
              """);
      build.assertPassed();
      assertThat(build.job("only").path("agent").path("name").asText()).isEqualTo("once-1");
      assertThat(once.awaitExit(Duration.ofSeconds(60))).as(once.output()).isTrue();
      assertThat(once.exitValue()).as(once.output()).isZero();
    }
  }

  @Test
  @Order(11)
  void anAgentStartedWithAcquireJobRunsThatJobAndExits() throws Exception {
    api.createPipeline(
        "acquire",
        """
        steps:
          - key: wanted
            command: echo acquired and ran
            agents: {queue: nobody-serves-this}
        """);
    long number = api.createBuild("acquire");
    String jobId = awaitJobState("acquire", number, "wanted", "scheduled");
    try (TestProcess acquirer =
        startAgent("acquirer", "nobody-serves-this", 1, "--acquire-job", jobId)) {
      assertThat(acquirer.awaitExit(Duration.ofSeconds(90))).as(acquirer.output()).isTrue();
      Finished build = finished("acquire", number);
      build.assertPassed();
      assertThat(build.log("wanted")).contains("acquired and ran");
      assertThat(acquirer.exitValue()).as(acquirer.output()).isZero();
    }
  }

  @Test
  @Order(12)
  void aCanceledJobGetsSigtermThenSigkillAfterTheGracePeriod() throws Exception {
    Path pidFile = work.resolve("stubborn.pid");
    api.createPipeline(
        "cancel",
        """
        steps:
          - key: stubborn
            command: |
              trap 'echo "got SIG""TERM, ignoring it"' TERM
              echo $$$$ > %s
              echo rea""dy
              while true; do sleep 0.2; done
        """
            .formatted(pidFile));
    long number = api.createBuild("cancel");
    String jobId = awaitLog("cancel", number, "stubborn", "ready");
    long pid = Long.parseLong(Files.readString(pidFile).strip());
    api.json("PUT", api.buildPath("cancel", number) + "/cancel", null);

    Finished build = finished("cancel", number);
    assertThat(build.json().path("state").asText()).isEqualTo("canceled");
    assertThat(build.job("stubborn").path("state").asText()).isEqualTo("canceled");
    assertThat(build.log("stubborn")).as(jobId).contains("got SIGTERM, ignoring it");
    assertThat(ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false))
        .as("the step's shell, which ignored SIGTERM, was killed")
        .isFalse();
  }

  @Test
  @Order(13)
  void aSignedPipelineRunsOnAVerifyingAgentWhichRefusesAnUnsignedStep() throws Exception {
    Path signedSteps = work.resolve("signed.yml");
    Files.writeString(
        signedSteps,
        """
        steps:
          - key: signed-step
            command: echo signed step ran
            agents: {queue: signed}
        """);
    Finished build =
        run(
            "signing",
            """
            steps:
              - key: upload
                command: buildkite-agent pipeline upload --jwks-file %s --jwks-key-id %s %s
              - key: unsigned
                command: echo unsigned step ran
                agents: {queue: signed}
            """
                .formatted(keys.resolve("private.json"), KEY_ID, signedSteps));
    assertThat(build.json().path("state").asText()).as(build.describe()).isEqualTo("failed");
    assertThat(build.job("signed-step").path("exit_status").asInt()).isZero();
    assertThat(build.log("signed-step")).contains("signed step ran");
    JsonNode unsigned = build.job("unsigned");
    assertThat(unsigned.path("exit_status").asInt()).isEqualTo(-1);
    assertThat(unsigned.path("signal_reason").asText()).isEqualTo("signature_rejected");
    assertThat(build.log("unsigned")).doesNotContain("unsigned step ran\n");
  }

  @Test
  @Order(14)
  void aFailingStepIsRetriedAutomaticallyAndTheRetryPasses() throws Exception {
    Finished build =
        run(
            "retry",
            """
            steps:
              - key: flaky
                command: |
                  if [ "$$BUILDKITE_RETRY_COUNT" = 0 ]; then echo first attempt fails; exit 3; fi
                  echo "attempt $$BUILDKITE_RETRY_COUNT passes"
                retry:
                  automatic:
                    - exit_status: 3
                      limit: 1
            """);
    build.assertPassed();
    List<JsonNode> attempts = build.jobs("flaky");
    assertThat(attempts).hasSize(2);
    JsonNode first = attempts.get(0);
    JsonNode second = attempts.get(1);
    assertThat(first.path("exit_status").asInt()).isEqualTo(3);
    assertThat(first.path("retried").asBoolean()).isTrue();
    assertThat(first.path("retried_in_job_id").asText()).isEqualTo(second.path("id").asText());
    assertThat(build.log(first)).contains("first attempt fails");
    assertThat(second.path("exit_status").asInt()).isZero();
    assertThat(build.log(second)).contains("attempt 1 passes");
  }

  /** Last: the build started with the suite, so most of its minute has passed by now. */
  @Test
  @Order(100)
  void aJobThatRunsPastItsTimeoutIsStoppedAndTimedOut() throws Exception {
    Finished build = finished("timeout", timeoutBuild);
    assertThat(build.json().path("state").asText()).as(build.describe()).isEqualTo("failed");
    JsonNode slow = build.job("slow");
    assertThat(slow.path("state").asText()).isEqualTo("timed_out");
    assertThat(build.log("slow")).contains("ready");
    assertThat(
            Duration.between(
                Instant.parse(slow.path("started_at").asText()),
                Instant.parse(slow.path("finished_at").asText())))
        .isBetween(Duration.ofSeconds(59), Duration.ofSeconds(100));
  }

  // ---- the agents and their files

  /**
   * Starts {@code spawn} workers named {@code <name>-N} serving {@code queue}, with the suite's
   * hooks and plugins paths and short grace periods, then {@code extra} flags.
   */
  private static TestProcess startAgent(String name, String queue, int spawn, String... extra) {
    List<String> args =
        new ArrayList<>(
            List.of(
                "start",
                "--endpoint",
                server.agentEndpoint(),
                "--token",
                ServerProcess.REGISTRATION_TOKEN,
                "--name",
                name + "-%spawn",
                "--spawn",
                Integer.toString(spawn),
                "--queue",
                queue,
                "--build-path",
                work.resolve(name + "-builds").toString(),
                "--sockets-path",
                work.resolve(name + "-sockets").toString(),
                "--hooks-path",
                work.resolve("hooks").toString(),
                "--plugins-path",
                work.resolve(name + "-plugins").toString(),
                "--cancel-grace-period",
                "4",
                "--signal-grace-period-seconds",
                "2"));
    args.addAll(List.of(extra));
    return agentProgram.run(args, Map.of(), work.resolve(name + "-agent.log"));
  }

  private static void writeHooks(Path hooks) throws Exception {
    executable(
        hooks.resolve("environment"), "#!/bin/bash\nexport HOOKED_VALUE=from-environment-hook\n");
    executable(
        hooks.resolve("pre-command"),
        "#!/bin/bash\necho \"pre-command hook for $BUILDKITE_STEP_KEY\"\n");
    executable(
        hooks.resolve("post-command"),
        "#!/bin/bash\necho \"post-command hook saw exit $BUILDKITE_COMMAND_EXIT_STATUS\"\n");
  }

  /** A plugin in a local git repository, tagged v1.0.0, whose hook prints its configuration. */
  private static Path pluginRepository(Path repo) throws Exception {
    Files.createDirectories(repo.resolve("hooks"));
    executable(
        repo.resolve("hooks/pre-command"),
        "#!/bin/bash\necho \"greeter v1 says: $BUILDKITE_PLUGIN_GREETER_GREETING\"\n");
    GitRepository.commitAllAndTag(repo, "v1.0.0");
    return repo;
  }

  /** An EdDSA key pair made by the agent under test ({@code tool keygen}). */
  private static Path generateKeys(Path dir) throws Exception {
    try (TestProcess keygen =
        agentProgram.run(
            List.of(
                "tool",
                "keygen",
                "--alg",
                "EdDSA",
                "--key-id",
                KEY_ID,
                "--private-jwks-file",
                dir.resolve("private.json").toString(),
                "--public-jwks-file",
                dir.resolve("public.json").toString()),
            Map.of(),
            dir.resolve("keygen.log"))) {
      assertThat(keygen.awaitExit(Duration.ofMinutes(1))).isTrue();
      assertThat(keygen.exitValue()).as(keygen.output()).isZero();
    }
    return dir;
  }

  private static void executable(Path file, String text) throws Exception {
    Files.writeString(file, text);
    Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rwxr-xr-x"));
  }

  // ---- builds

  /** Creates pipeline {@code slug} with {@code steps}, builds it and waits for the build's end. */
  private static Finished run(String slug, String steps) throws Exception {
    api.createPipeline(slug, steps);
    return finished(slug, api.createBuild(slug));
  }

  private static Finished finished(String slug, long number) throws InterruptedException {
    try {
      return new Finished(slug, number, api.awaitFinished(slug, number, BUILD_LIMIT));
    } catch (IllegalStateException e) {
      throw new AssertionError(e.getMessage() + "\n" + processOutputs(), e);
    }
  }

  /** Waits until the job of step {@code key} is in {@code state}; returns the job's id. */
  private static String awaitJobState(String slug, long number, String key, String state)
      throws InterruptedException {
    Instant deadline = Instant.now().plus(BUILD_LIMIT);
    while (Instant.now().isBefore(deadline)) {
      for (JsonNode job : api.build(slug, number).path("jobs")) {
        if (key.equals(job.path("step_key").asText()) && state.equals(job.path("state").asText())) {
          return job.path("id").asText();
        }
      }
      Thread.sleep(50);
    }
    throw new AssertionError(
        "job " + key + " never was " + state + ": " + api.build(slug, number) + processOutputs());
  }

  /** Waits until the log of the running job of step {@code key} has {@code text}; its id. */
  private static String awaitLog(String slug, long number, String key, String text)
      throws InterruptedException {
    String jobId = awaitJobState(slug, number, key, "running");
    Instant deadline = Instant.now().plus(BUILD_LIMIT);
    while (Instant.now().isBefore(deadline)) {
      if (api.log(slug, number, jobId).contains(text)) {
        return jobId;
      }
      Thread.sleep(50);
    }
    throw new AssertionError("no " + text + " in " + api.log(slug, number, jobId));
  }

  private static String processOutputs() {
    StringBuilder out = new StringBuilder("--- server\n").append(server.output());
    for (TestProcess agent : agents) {
      out.append("\n--- agent ").append(agent.pid()).append('\n').append(agent.output());
    }
    return out.toString();
  }

  private static String get(String url) throws Exception {
    try (HttpClient http = HttpClient.newHttpClient()) {
      return http.send(
              HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(10)).build(),
              HttpResponse.BodyHandlers.ofString())
          .body();
    }
  }

  private static String hex(String log, String regex) {
    Matcher m = Pattern.compile(regex).matcher(log);
    assertThat(m.find()).as("%s in\n%s", regex, log).isTrue();
    return m.group(1);
  }

  /** A finished build as the REST API shows it, with its jobs' logs at hand. */
  private record Finished(String slug, long number, JsonNode json) {
    void assertPassed() {
      assertThat(json.path("state").asText()).as(describe()).isEqualTo("passed");
    }

    /** The jobs of step {@code key}, in the order the build lists them (retries after). */
    List<JsonNode> jobs(String key) {
      List<JsonNode> jobs = new ArrayList<>();
      for (JsonNode job : json.path("jobs")) {
        if (key.equals(job.path("step_key").asText())) {
          jobs.add(job);
        }
      }
      return jobs;
    }

    JsonNode job(String key) {
      List<JsonNode> jobs = jobs(key);
      assertThat(jobs).as("one job of step %s in %s", key, json).hasSize(1);
      return jobs.getFirst();
    }

    String log(String key) {
      return log(job(key));
    }

    String log(JsonNode job) {
      return api.log(slug, number, job.path("id").asText());
    }

    /** The build, every script job's log and the processes' output, for a failed assertion. */
    String describe() {
      StringBuilder out = new StringBuilder(json.toString()).append('\n');
      for (JsonNode job : json.path("jobs")) {
        if ("script".equals(job.path("type").asText()) && job.hasNonNull("started_at")) {
          out.append("--- job ").append(job.path("step_key").asText()).append('\n');
          out.append(log(job)).append('\n');
        }
      }
      return out.append(processOutputs()).toString();
    }
  }
}
