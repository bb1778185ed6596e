package dev.cairn.store;

import static dev.cairn.store.StoreFixture.command;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cairn.core.agent.AgentRecord;
import dev.cairn.core.build.BuildEvent;
import dev.cairn.core.build.BuildEvent.JobAssigned;
import dev.cairn.core.build.BuildState;
import dev.cairn.core.build.BuildStatus;
import dev.cairn.core.orchestrate.BuildLocks;
import dev.cairn.core.orchestrate.Result;
import dev.cairn.core.port.AgentStore;
import dev.cairn.pipeline.Step;
import dev.cairn.testkit.DatabaseTest;
import dev.cairn.testkit.TestDatabase;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * A store opened by the server that owns the database ({@link Store#openOwned}) trusts its caches
 * of builds and agents: the embedded database is locked against a second owner, concurrent commands
 * that lose a compare-and-set still end in the replayed history, and every change to an agent shows
 * in the agent looked up by token afterwards.
 */
class OwnedStoreTest {
  private static final int AGENTS = 6;
  private static final int JOBS = 120;

  @Test
  void aSecondServerCannotOwnTheEmbeddedDatabase(@TempDir Path dir) {
    StoreConfig config = StoreConfig.embedded(dir);
    try (Store owner = Store.openOwned(config)) {
      assertThat(owner.builds()).isNotNull();
      assertThatThrownBy(() -> Store.openOwned(config))
          .isInstanceOf(IllegalStateException.class)
          .hasMessageContaining("is in use by another Cairn server")
          .hasMessageContaining(dir.resolve("cairn.db.lock").toAbsolutePath().toString());
    }
    try (Store next = Store.openOwned(config)) { // Closing released the lock.
      assertThat(next.builds()).isNotNull();
    }
  }

  @DatabaseTest
  @Timeout(value = 5, unit = TimeUnit.MINUTES)
  void racingAgentsOnTheOwnedStoreEndInTheReplayedHistory(TestDatabase database) throws Exception {
    try (StoreFixture server = new StoreFixture(database, "id-", true)) {
      runRacingAgents(server);
    }
  }

  /**
   * With the server's per-build locks on the embedded database, commands on one build wait for each
   * other instead of racing: none is judged on a state another has already changed.
   */
  @Test
  @Timeout(value = 5, unit = TimeUnit.MINUTES)
  void withPerBuildLocksNoCommandLosesTheVersionCheck(@TempDir Path dir) throws Exception {
    TestDatabase database = TestDatabase.sqlite(dir);
    try (StoreFixture server = new StoreFixture(database, "id-", true, BuildLocks.perBuild())) {
      runRacingAgents(server);
      assertThat(server.conflicts()).isZero();
    }
  }

  /** {@value #AGENTS} agents on as many threads run one build of {@value #JOBS} jobs. */
  private static void runRacingAgents(StoreFixture server) throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(AGENTS);
    try {
      List<Step> steps = new ArrayList<>();
      for (int i = 0; i < JOBS; i++) {
        steps.add(command("s" + i));
      }
      BuildState build = server.createBuild(steps.toArray(Step[]::new));
      CountDownLatch go = new CountDownLatch(1);
      List<Future<Integer>> agents = new ArrayList<>();
      for (int i = 0; i < AGENTS; i++) {
        agents.add(pool.submit(work(server, server.registerAgent("agent-" + i), go)));
      }
      go.countDown();
      int ran = 0;
      for (Future<Integer> agent : agents) {
        ran += agent.get(4, TimeUnit.MINUTES);
      }

      List<BuildEvent> history = server.store.builds().history(build.id());
      assertThat(
              history.stream()
                  .filter(JobAssigned.class::isInstance)
                  .map(e -> ((JobAssigned) e).jobId()))
          .hasSize(JOBS)
          .doesNotHaveDuplicates();
      assertThat(ran).isEqualTo(JOBS);
      BuildState finished = server.store.builds().load(build.id()).orElseThrow();
      assertThat(finished.status()).isEqualTo(BuildStatus.PASSED);
      assertThat(finished).isEqualTo(BuildState.replay(history));
    } finally {
      pool.shutdownNow();
      assertThat(pool.awaitTermination(30, TimeUnit.SECONDS)).isTrue();
    }
  }

  @DatabaseTest
  void anAgentLookedUpByTokenOrIdShowsEveryChange(TestDatabase database) {
    try (StoreFixture server = new StoreFixture(database, "id-", true)) {
      AgentRecord agent = server.registerAgent("a");
      AgentStore agents = server.store.agents();
      assertThat(agents.byTokenHash(agent.tokenHash())).contains(agent);
      assertThat(agents.byId(agent.id())).contains(agent);

      Instant seen = Instant.parse("2026-03-01T10:00:05.123456789Z");
      agents.touch(agent.id(), seen);
      assertThat(lookedUp(agents, agent, true).lastSeenAt()).contains(seen);

      agents.ignoreInDispatches(agent.id());
      assertThat(lookedUp(agents, agent, false).ignoreInDispatches()).isTrue();
      agents.setConnected(agent.id(), false, seen.plusSeconds(1));
      assertThat(lookedUp(agents, agent, true).connected()).isFalse();
      assertThat(agents.markLost(agent.id())).isTrue();
      assertThat(lookedUp(agents, agent, false).lost()).isTrue();
      assertThat(agents.byTokenHash("no-such-hash")).isEmpty();
      assertThat(agents.byId("no-such-id")).isEmpty();
    }
  }

  /**
   * {@code agent} as both lookups see it (by id first or by token first, so that each may be the
   * one that reads the changed row and caches it), which must agree.
   */
  private static AgentRecord lookedUp(AgentStore agents, AgentRecord agent, boolean idFirst) {
    AgentRecord first =
        (idFirst ? agents.byId(agent.id()) : agents.byTokenHash(agent.tokenHash())).orElseThrow();
    AgentRecord second =
        (idFirst ? agents.byTokenHash(agent.tokenHash()) : agents.byId(agent.id())).orElseThrow();
    assertThat(second).isEqualTo(first);
    return first;
  }

  /** One agent's loop: take a job, run it through accept, start and finish, until none is left. */
  private static Callable<Integer> work(StoreFixture server, AgentRecord agent, CountDownLatch go) {
    return () -> {
      go.await();
      int ran = 0;
      while (true) {
        Optional<String> job = server.dispatcher.next(agent, Duration.ZERO);
        if (job.isEmpty()) {
          return ran;
        }
        assertThat(server.lifecycle.accept(agent, job.get())).isInstanceOf(Result.Done.class);
        assertThat(server.lifecycle.start(job.get())).isInstanceOf(Result.Done.class);
        assertThat(server.lifecycle.finish(job.get(), 0, null, null))
            .isInstanceOf(Result.Done.class);
        ran++;
      }
    };
  }
}
