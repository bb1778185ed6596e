package dev.cairn.store;

import static dev.cairn.store.StoreFixture.command;
import static org.assertj.core.api.Assertions.assertThat;

import dev.cairn.core.agent.AgentRecord;
import dev.cairn.core.build.BuildEvent;
import dev.cairn.core.build.BuildEvent.JobAssigned;
import dev.cairn.core.build.BuildState;
import dev.cairn.core.build.BuildStatus;
import dev.cairn.core.job.Job;
import dev.cairn.core.orchestrate.Result;
import dev.cairn.pipeline.Step;
import dev.cairn.testkit.DatabaseTest;
import dev.cairn.testkit.TestDatabase;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Timeout;

/**
 * Eight agents on eight threads reach for the same hundred jobs of one build at once, half of them
 * through a second store on the same database (a second server). The store's version check is what
 * guarantees one agent per job (on PostgreSQL with the candidate lock in front of it), so every job
 * must still go to exactly one agent.
 */
class DispatchRaceTest {
  private static final int JOBS = 100;
  private static final int AGENTS = 8;

  private StoreFixture fixture;
  private StoreFixture replica;
  private ExecutorService pool;

  @BeforeEach
  void open(TestDatabase database) {
    fixture = new StoreFixture(database);
    replica = new StoreFixture(database, "replica-");
    pool = Executors.newFixedThreadPool(AGENTS);
  }

  @AfterEach
  void close() throws InterruptedException {
    pool.shutdownNow();
    assertThat(pool.awaitTermination(30, TimeUnit.SECONDS)).isTrue();
    replica.close();
    fixture.close();
  }

  @DatabaseTest
  @Timeout(value = 5, unit = TimeUnit.MINUTES)
  void everyJobIsAssignedExactlyOnceAndTheBuildPasses() throws Exception {
    List<Step> steps = new ArrayList<>();
    for (int i = 0; i < JOBS; i++) {
      steps.add(command("s" + i));
    }
    BuildState build = fixture.createBuild(steps.toArray(Step[]::new));
    CountDownLatch go = new CountDownLatch(1);
    List<Future<List<String>>> agents = new ArrayList<>();
    for (int i = 0; i < AGENTS; i++) {
      StoreFixture server = i % 2 == 0 ? fixture : replica;
      AgentRecord agent = server.registerAgent("agent-" + i);
      agents.add(pool.submit(work(server, agent, go)));
    }

    go.countDown();
    List<String> ran = new ArrayList<>();
    for (Future<List<String>> agent : agents) {
      ran.addAll(agent.get(4, TimeUnit.MINUTES));
    }

    List<BuildEvent> history = fixture.store.builds().history(build.id());
    List<String> assigned =
        history.stream()
            .filter(JobAssigned.class::isInstance)
            .map(e -> ((JobAssigned) e).jobId())
            .toList();
    assertThat(assigned).hasSize(JOBS).doesNotHaveDuplicates();
    assertThat(ran).hasSize(JOBS).doesNotHaveDuplicates();
    assertThat(ran)
        .containsExactlyInAnyOrderElementsOf(build.jobList().stream().map(Job::id).toList());
    BuildState finished = fixture.store.builds().load(build.id()).orElseThrow();
    assertThat(finished.status()).isEqualTo(BuildStatus.PASSED);
    assertThat(finished).isEqualTo(BuildState.replay(history));
  }

  /** One agent's loop: take a job, run it through accept, start and finish, until none is left. */
  private static Callable<List<String>> work(
      StoreFixture server, AgentRecord agent, CountDownLatch go) {
    return () -> {
      go.await();
      List<String> ran = new ArrayList<>();
      while (true) {
        Optional<String> job = server.dispatcher.next(agent, Duration.ZERO);
        if (job.isEmpty()) {
          return ran;
        }
        assertThat(server.lifecycle.accept(agent, job.get())).isInstanceOf(Result.Done.class);
        assertThat(server.lifecycle.start(job.get())).isInstanceOf(Result.Done.class);
        assertThat(server.lifecycle.finish(job.get(), 0, null, null))
            .isInstanceOf(Result.Done.class);
        ran.add(job.get());
      }
    };
  }
}
