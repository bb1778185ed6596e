package dev.cairn.store;

import static dev.cairn.store.StoreFixture.command;
import static org.assertj.core.api.Assertions.assertThat;

import dev.cairn.core.agent.AgentRecord;
import dev.cairn.core.build.BuildState;
import dev.cairn.core.orchestrate.Result;
import dev.cairn.testkit.DatabaseTest;
import dev.cairn.testkit.TestDatabase;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Timeout;

/**
 * Agent priority at the dispatcher, on a real store: when agents of different priorities wait (long
 * poll) for work, a new job goes to the highest-priority agent that matches it, however long the
 * others have waited; a job the high-priority agent cannot run still goes to the others.
 */
class DispatchPriorityTest {
  private static final Duration WAIT = Duration.ofSeconds(30);

  private StoreFixture fixture;
  private ExecutorService pool;

  @BeforeEach
  void open(TestDatabase database) {
    fixture = new StoreFixture(database);
    pool = Executors.newFixedThreadPool(2);
  }

  @AfterEach
  void close() throws InterruptedException {
    pool.shutdownNow();
    assertThat(pool.awaitTermination(30, TimeUnit.SECONDS)).isTrue();
    fixture.close();
  }

  @DatabaseTest
  @Timeout(value = 2, unit = TimeUnit.MINUTES)
  void eachNewJobGoesToTheWaitingAgentOfHighestPriority() throws Exception {
    AgentRecord low = register("low", 1, "default");
    AgentRecord high = register("high", 5, "default");
    Future<Optional<String>> lowPoll = pool.submit(() -> fixture.dispatcher.next(low, WAIT));
    fixture.awaitWaiting(1);
    for (int round = 0; round < 5; round++) {
      Future<Optional<String>> highPoll = pool.submit(() -> fixture.dispatcher.next(high, WAIT));
      fixture.awaitWaiting(2);

      BuildState build = fixture.createBuild(command("round-" + round));
      String jobId = build.jobList().iterator().next().id();

      assertThat(highPoll.get(20, TimeUnit.SECONDS)).as("round %d", round).contains(jobId);
      runToTheEnd(high, jobId);
      assertThat(lowPoll.isDone()).as("the low-priority agent still waits").isFalse();
    }
    fixture.clock.advance(WAIT.plusSeconds(1));
    assertThat(lowPoll.get(20, TimeUnit.SECONDS)).isEmpty();
  }

  @DatabaseTest
  @Timeout(value = 2, unit = TimeUnit.MINUTES)
  void aJobTheHigherAgentCannotRunGoesToTheLowerOne() throws Exception {
    AgentRecord low = register("low", 1, "default");
    AgentRecord high = register("high", 5, "other");
    Future<Optional<String>> highPoll = pool.submit(() -> fixture.dispatcher.next(high, WAIT));
    Future<Optional<String>> lowPoll = pool.submit(() -> fixture.dispatcher.next(low, WAIT));
    fixture.awaitWaiting(2);

    BuildState build = fixture.createBuild(command("default-queue"));

    assertThat(lowPoll.get(20, TimeUnit.SECONDS)).contains(build.jobList().iterator().next().id());
    fixture.clock.advance(WAIT.plusSeconds(1));
    assertThat(highPoll.get(20, TimeUnit.SECONDS)).isEmpty();
  }

  private AgentRecord register(String name, int priority, String queue) {
    AgentRecord agent =
        new AgentRecord(
            fixture.ids().newId(),
            name,
            "host-" + name,
            "3.0.0",
            Map.of("queue", queue),
            "token-hash-of-" + name,
            true,
            fixture.clock.instant(),
            Optional.empty(),
            false,
            false,
            priority);
    fixture.store.agents().register(agent);
    assertThat(fixture.store.agents().byId(agent.id()).orElseThrow().priority())
        .as("the store keeps the priority")
        .isEqualTo(priority);
    return agent;
  }

  private void runToTheEnd(AgentRecord agent, String jobId) {
    assertThat(fixture.lifecycle.accept(agent, jobId)).isInstanceOf(Result.Done.class);
    assertThat(fixture.lifecycle.start(jobId)).isInstanceOf(Result.Done.class);
    assertThat(fixture.lifecycle.finish(jobId, 0, null, null)).isInstanceOf(Result.Done.class);
  }
}
