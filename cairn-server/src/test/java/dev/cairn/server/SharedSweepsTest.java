package dev.cairn.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.cairn.store.StoreConfig;
import dev.cairn.testkit.DatabaseExtension;
import dev.cairn.testkit.ManualClock;
import dev.cairn.testkit.TestDatabase;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two real servers on one PostgreSQL database run the periodic sweeps one at a time, and when the
 * one that runs them stops mid-build the other takes over its timers: a running job's timeout and a
 * silent agent are acted on by the survivor, driven by a manual clock both servers share. On the
 * embedded database the one server runs every round.
 */
class SharedSweepsTest {
  /** The takeover bound after a clean stop is a beat and a round (2 s); slack for a loaded host. */
  private static final Duration PATIENCE = Duration.ofSeconds(30);

  private static final String STEPS =
      """
      steps:
        - key: slow
          command: sleep 1000
          timeout_in_minutes: 5
        - key: quiet
          command: sleep 1000
      """;

  @TempDir Path dataDir;

  private final ManualClock clock = new ManualClock(Instant.parse("2026-03-01T10:00:00Z"));
  private TestDatabase database;
  private AgentHarness a;
  private AgentHarness b;

  @AfterEach
  void close() {
    if (b != null) {
      b.close();
    }
    if (a != null) {
      a.close();
    }
    if (database != null) {
      AgentHarness.replayAll(storeConfig());
      DatabaseExtension.release(database);
    }
  }

  @Test
  void onlyOneOfTwoServersOnPostgresqlRunsTheSweeps() throws Exception {
    a = startOnPostgres();
    await("server a leads", () -> a.server.sweepRoundsRun() > 0);
    b = startOnPostgres();

    await(
        "three rounds on each server",
        () -> a.server.sweepRoundsRun() >= 3 && b.server.sweepRoundsLeft() >= 3);

    assertThat(b.server.sweepRoundsRun()).as("rounds b ran").isZero();
    assertThat(a.server.sweepRoundsLeft()).as("rounds a left to b").isZero();
  }

  @Test
  void theOtherServerTakesOverTimeoutsAndLostAgentsWhenTheLeaderStopsMidBuild() throws Exception {
    a = startOnPostgres();
    await("server a leads", () -> a.server.sweepRoundsRun() > 0);
    b = startOnPostgres();
    await("server b leaves a round to a", () -> b.server.sweepRoundsLeft() > 0);
    long number = a.createBuild(STEPS);
    Map<String, AgentHarness.Running> byKey = new HashMap<>();
    for (String agent : new String[] {"one", "two"}) {
      AgentHarness.Running job = startNextJob(a, agent);
      byKey.put(stepKey(a, number, job.jobId()), job);
    }
    assertThat(b.server.sweepRoundsRun()).as("rounds b ran while a led").isZero();
    a.close();
    a = null;

    clock.advance(Duration.ofMinutes(6));
    long stopped = System.nanoTime();
    await("b times the slow job out", () -> "timing_out".equals(state(b, number, "slow")));
    System.out.printf(
        "SharedSweepsTest: timeout fired by b %d ms after a stopped%n",
        Duration.ofNanos(System.nanoTime() - stopped).toMillis());
    assertThat(b.finish(byKey.get("slow"), "-1").statusCode()).isEqualTo(200);
    assertThat(state(b, number, "slow")).isEqualTo("timed_out");
    assertThat(state(b, number, "quiet")).isEqualTo("running");

    // Agent "two" has said nothing for 11 minutes now, past the 10 minutes after which it is lost.
    clock.advance(Duration.ofMinutes(5));
    await("b finds agent two lost", () -> "lost".equals(state(b, number, "quiet")));
    assertThat(build(b, number).path("state").asText()).isEqualTo("failed");
    assertThat(b.server.sweepRoundsRun()).as("rounds b ran").isPositive();
  }

  @Test
  void onTheEmbeddedDatabaseTheServerRunsEveryRound() throws Exception {
    a = new AgentHarness(AgentHarness.config(dataDir), clock, Optional.of(embedded()));
    await("two rounds", () -> a.server.sweepRoundsRun() >= 2);
    assertThat(a.server.sweepRoundsLeft()).isZero();
  }

  private AgentHarness startOnPostgres() {
    if (database == null) {
      assumeThat(DatabaseExtension.selected()).contains(TestDatabase.Kind.POSTGRESQL);
      database = DatabaseExtension.create(TestDatabase.Kind.POSTGRESQL);
    }
    ServerConfig config =
        AgentHarness.config(dataDir)
            .withDatabase(
                Optional.of(
                    new ServerConfig.Database(
                        database.jdbcUrl(), database.username(), database.password())));
    return new AgentHarness(config, clock, Optional.empty());
  }

  private StoreConfig storeConfig() {
    return StoreConfig.postgres(database.jdbcUrl(), database.username(), database.password());
  }

  private StoreConfig embedded() {
    return StoreConfig.embedded(dataDir);
  }

  /** Registers agent {@code name} on {@code server}, which hands it a job it accepts and starts. */
  private static AgentHarness.Running startNextJob(AgentHarness server, String name)
      throws Exception {
    String agentToken = server.register(name, "host", false).path("access_token").asText();
    assertThat(server.call("POST", "/v3/connect", agentToken, "").statusCode()).isEqualTo(200);
    String jobId =
        server
            .body(server.call("GET", "/v3/ping", agentToken, null))
            .path("job")
            .path("id")
            .asText();
    JsonNode job = server.body(server.call("PUT", "/v3/jobs/" + jobId + "/accept", agentToken, ""));
    String jobToken = job.path("token").asText();
    assertThat(
            server
                .call(
                    "PUT",
                    "/v3/jobs/" + jobId + "/start",
                    jobToken,
                    "{\"started_at\":\"2026-03-01T10:00:00Z\"}")
                .statusCode())
        .isEqualTo(200);
    return new AgentHarness.Running(
        0, job.path("env").path("BUILDKITE_BUILD_ID").asText(), jobId, jobToken, agentToken);
  }

  private static JsonNode build(AgentHarness server, long number) {
    return server.rest(
        "GET",
        "/v2/organizations/default/pipelines/" + AgentHarness.slugOf(STEPS) + "/builds/" + number,
        null);
  }

  private static String stepKey(AgentHarness server, long number, String jobId) {
    for (JsonNode job : build(server, number).path("jobs")) {
      if (job.path("id").asText().equals(jobId)) {
        return job.path("step_key").asText();
      }
    }
    throw new AssertionError("no job " + jobId + " in build " + number);
  }

  private static String state(AgentHarness server, long number, String stepKey) {
    for (JsonNode job : build(server, number).path("jobs")) {
      if (job.path("step_key").asText().equals(stepKey)) {
        return job.path("state").asText();
      }
    }
    throw new AssertionError("no job of step " + stepKey + " in build " + number);
  }

  /** Polls {@code done} until it holds, failing after {@link #PATIENCE}. */
  private static void await(String what, BooleanSupplier done) throws InterruptedException {
    long deadline = System.nanoTime() + PATIENCE.toNanos();
    while (!done.getAsBoolean()) {
      assertThat(System.nanoTime()).as(what + " within " + PATIENCE).isLessThan(deadline);
      Thread.sleep(20);
    }
  }
}
