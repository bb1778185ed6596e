package dev.cairn.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.cairn.core.build.BuildEvent;
import dev.cairn.core.build.BuildEvent.JobAssigned;
import dev.cairn.core.build.BuildEvent.JobFinished;
import dev.cairn.core.build.BuildState;
import dev.cairn.store.Store;
import dev.cairn.store.StoreConfig;
import dev.cairn.testkit.AgentProcess;
import dev.cairn.testkit.DatabaseExtension;
import dev.cairn.testkit.FailoverProxy;
import dev.cairn.testkit.HistoryReplay;
import dev.cairn.testkit.RestApi;
import dev.cairn.testkit.ServerProcess;
import dev.cairn.testkit.TestDatabase;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two servers share one PostgreSQL database and the work of one build; one is killed with SIGKILL
 * mid-build and the other finishes it (issue 4, item 8).
 *
 * <p>Design note: agents talk to one endpoint, so how they meet the servers decides what the test
 * proves. Here agents {@code via-lb-*} reach the servers through a {@link FailoverProxy}, a TCP
 * balancer that prefers server A and sends new connections to B once A's port refuses, which is how
 * replicas are deployed; agents {@code on-b-*} talk to B directly. Until the kill both servers
 * dispatch the same build at once (candidates claimed with {@code FOR UPDATE SKIP LOCKED}, and the
 * second half of the build, after a {@code wait}, is scheduled by whichever server handled the last
 * finish and must wake the other's long polls through {@code LISTEN/NOTIFY}). After A is killed,
 * nothing is restarted: the agents behind the balancer carry on with the jobs A handed them and
 * report them, and take new work, through B. Restarting agents against B instead would kill their
 * running jobs, and a job would then run twice or end lost, so it would prove less.
 *
 * <p>What must hold: the build passes on B; every job ran exactly once (the shared {@code ran.txt}
 * and the history agree, each job assigned and finished once); jobs were run by agents behind the
 * balancer both before and after the kill, so both servers did dispatch work.
 */
class ReplicaFailoverTest {
  private static final int JOBS = 40;
  private static final int KILL_AFTER_STARTED = 12;
  private static final Duration LIMIT = Duration.ofMinutes(3);

  @TempDir Path work;

  @Test
  void twoServersShareABuildAndTheSurvivorFinishesItAfterTheOtherIsKilled() throws Exception {
    assumeThat(DatabaseExtension.selected()).contains(TestDatabase.Kind.POSTGRESQL);
    TestDatabase database = DatabaseExtension.create(TestDatabase.Kind.POSTGRESQL);
    Path ran = Files.createFile(work.resolve("ran.txt"));
    Path data = work.resolve("data");
    ServerProcess a = ServerProcess.startOn(database, data, "a");
    ServerProcess b = ServerProcess.startOn(database, data, "b");
    FailoverProxy balancer = new FailoverProxy(List.of(a.port(), b.port()));
    AgentProcess viaBalancer = AgentProcess.start(balancer.baseUrl() + "/v3", "via-lb", 3, work);
    AgentProcess onB = AgentProcess.start(b, "on-b", 2, work);
    try {
      a.api().createPipeline("replicas", yaml(ran));
      long number = a.api().createBuild("replicas");
      awaitLines(ran, KILL_AFTER_STARTED);
      a.kill();
      int startedBeforeKill = Files.readAllLines(ran).size();
      System.out.printf(
          "ReplicaFailoverTest: SIGKILLed server A (pid %d) after %d jobs started%n",
          a.pid(), startedBeforeKill);

      RestApi api = b.api();
      JsonNode build = awaitFinished(api, number, a, b);
      assertThat(build.path("state").asText()).isEqualTo("passed");
      assertThat(build.path("jobs").size()).isEqualTo(JOBS + 1); // the wait step is a job too

      List<String> lines = Files.readAllLines(ran);
      Map<String, String> ranBy =
          lines.stream()
              .collect(
                  Collectors.toMap(
                      l -> l.substring(0, l.indexOf(' ')), l -> l.substring(l.indexOf(' ') + 1)));
      assertThat(lines).as("jobs that ran").hasSize(JOBS);
      assertThat(ranBy).as("each job ran once").hasSize(JOBS);
      assertThat(lines.subList(0, startedBeforeKill))
          .as("before the kill, agents behind the balancer ran jobs through A")
          .anyMatch(l -> l.contains(" via-lb-"));
      assertThat(lines.subList(startedBeforeKill, lines.size()))
          .as("after the kill, agents behind the balancer ran jobs through B")
          .anyMatch(l -> l.contains(" via-lb-"));

      viaBalancer.close();
      onB.close();
      b.close();
      assertHistory(database, build.path("id").asText(), ranBy);
    } finally {
      viaBalancer.close();
      onB.close();
      balancer.close();
      a.close();
      b.close();
      DatabaseExtension.release(database);
    }
  }

  /** Twenty jobs, a wait, twenty more; each job records itself, then takes a moment. */
  private static String yaml(Path ran) {
    StringBuilder yaml = new StringBuilder("steps:\n");
    for (int i = 0; i < JOBS; i++) {
      if (i == JOBS / 2) {
        yaml.append("  - wait\n");
      }
      yaml.append("  - key: j")
          .append(i)
          .append("\n    command: echo \"$$BUILDKITE_JOB_ID $$BUILDKITE_AGENT_NAME\" >> ")
          .append(ran)
          .append("; sleep 0.")
          .append(3 + i % 5)
          .append('\n');
    }
    return yaml.toString();
  }

  private static void awaitLines(Path file, int lines) throws InterruptedException, IOException {
    Instant deadline = Instant.now().plus(LIMIT);
    while (Files.readAllLines(file).size() < lines) {
      if (Instant.now().isAfter(deadline)) {
        throw new AssertionError("only " + Files.readAllLines(file).size() + " jobs started");
      }
      Thread.sleep(10);
    }
  }

  private static JsonNode awaitFinished(RestApi api, long number, ServerProcess a, ServerProcess b)
      throws InterruptedException {
    try {
      return api.awaitFinished("replicas", number, LIMIT);
    } catch (IllegalStateException e) {
      throw new AssertionError(
          "the build did not finish on B\n--- A\n" + a.output() + "\n--- B\n" + b.output(), e);
    }
  }

  /** Each job was assigned once, to the agent that ran it, and finished once. */
  private static void assertHistory(
      TestDatabase database, String buildId, Map<String, String> ranBy) {
    List<BuildEvent> history;
    BuildState snapshot;
    try (Store store =
        Store.open(
            StoreConfig.postgres(database.jdbcUrl(), database.username(), database.password()))) {
      history = store.builds().history(buildId);
      snapshot = store.builds().load(buildId).orElseThrow();
    }
    HistoryReplay.verify(history, snapshot); // the fold, and every decision decided again
    List<JobAssigned> assigned = new ArrayList<>();
    List<String> finished = new ArrayList<>();
    for (BuildEvent event : history) {
      if (event instanceof JobAssigned e) {
        assigned.add(e);
      } else if (event instanceof JobFinished e) {
        finished.add(e.jobId());
      }
    }
    assertThat(assigned.stream().map(JobAssigned::jobId))
        .as("assignments")
        .hasSize(JOBS)
        .doesNotHaveDuplicates();
    assertThat(finished).as("finishes").hasSize(JOBS).doesNotHaveDuplicates();
    assertThat(
            assigned.stream().collect(Collectors.toMap(JobAssigned::jobId, JobAssigned::agentName)))
        .as("the agent each job was assigned to ran it")
        .isEqualTo(ranBy);
    assertThat(ranBy.keySet())
        .containsExactlyInAnyOrderElementsOf(
            assigned.stream().map(JobAssigned::jobId).collect(Collectors.toSet()));
  }
}
