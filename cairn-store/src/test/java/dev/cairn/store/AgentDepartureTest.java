package dev.cairn.store;

import static dev.cairn.store.StoreFixture.command;
import static org.assertj.core.api.Assertions.assertThat;

import dev.cairn.core.agent.AgentRecord;
import dev.cairn.core.build.BuildEvent;
import dev.cairn.core.build.BuildState;
import dev.cairn.core.job.Job;
import dev.cairn.core.job.JobState;
import dev.cairn.core.orchestrate.AgentDeparture;
import dev.cairn.core.orchestrate.LostAgents;
import dev.cairn.core.orchestrate.Result;
import dev.cairn.testkit.DatabaseTest;
import dev.cairn.testkit.TestDatabase;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Timeout;

/**
 * An agent that goes away (disconnects, or is found lost) while it waits for work or holds a job,
 * on a real store: it is handed nothing more, a job assigned to it but never accepted is scheduled
 * again for other agents, and a job it accepted ends as lost. Without this a job assigned to an
 * agent that had just disconnected stayed assigned for ever, since only connected agents are
 * watched for silence.
 */
class AgentDepartureTest {
  private static final Duration WAIT = Duration.ofSeconds(30);

  private StoreFixture fixture;
  private ExecutorService pool;

  @BeforeEach
  void open(TestDatabase database) {
    fixture = new StoreFixture(database);
    pool = Executors.newSingleThreadExecutor();
  }

  @AfterEach
  void close() throws InterruptedException {
    pool.shutdownNow();
    assertThat(pool.awaitTermination(30, TimeUnit.SECONDS)).isTrue();
    fixture.close();
  }

  @DatabaseTest
  @Timeout(value = 2, unit = TimeUnit.MINUTES)
  void aDisconnectEndsTheAgentsWaitAndTheNextJobGoesToAnother() throws Exception {
    AgentRecord leaving = fixture.registerAgent("leaving");
    AgentRecord staying = fixture.registerAgent("staying");
    Future<Optional<String>> poll = pool.submit(() -> fixture.dispatcher.next(leaving, WAIT));
    fixture.awaitWaiting(1);

    disconnect(leaving);
    assertThat(poll.get(10, TimeUnit.SECONDS)).as("the wait ends with nothing").isEmpty();
    assertThat(fixture.dispatcher.waitingAgents()).isZero();

    BuildState build = fixture.createBuild(command("a"));
    String jobId = onlyJob(build).id();
    assertThat(job(build.id(), jobId).state()).isEqualTo(JobState.SCHEDULED);
    assertThat(fixture.dispatcher.next(staying, Duration.ZERO)).contains(jobId);
  }

  @DatabaseTest
  void aDepartedAgentsAssignedJobGoesBackAndItsRunningJobIsLost() throws Exception {
    BuildState build = fixture.createBuild(command("a"), command("b"));
    AgentRecord assignedOnly = fixture.registerAgent("assigned-only");
    AgentRecord running = fixture.registerAgent("running");
    AgentRecord other = fixture.registerAgent("other");
    String ran = fixture.dispatcher.next(running, Duration.ZERO).orElseThrow();
    assertThat(fixture.lifecycle.accept(running, ran)).isInstanceOf(Result.Done.class);
    assertThat(fixture.lifecycle.start(ran)).isInstanceOf(Result.Done.class);
    String assigned = fixture.dispatcher.next(assignedOnly, Duration.ZERO).orElseThrow();

    AgentDeparture departure = new AgentDeparture(fixture.store.builds(), fixture.writer);
    assertThat(departure.settle(assignedOnly.id(), "disconnected")).isEqualTo(1);
    assertThat(departure.settle(running.id(), "disconnected")).isEqualTo(1);
    assertThat(departure.settle(assignedOnly.id(), "disconnected")).as("nothing left").isZero();

    assertThat(job(build.id(), assigned).state()).isEqualTo(JobState.SCHEDULED);
    assertThat(fixture.lifecycle.accept(assignedOnly, assigned))
        .as("the departed agent can no longer accept it")
        .isInstanceOf(Result.Refused.class);
    Job lost = job(build.id(), ran);
    assertThat(lost.state()).isEqualTo(JobState.LOST);
    assertThat(lost.exitStatus()).contains(-1);
    assertThat(fixture.dispatcher.next(other, Duration.ZERO)).contains(assigned);
    assertThat(fixture.lifecycle.accept(other, assigned)).isInstanceOf(Result.Done.class);
  }

  @DatabaseTest
  void aLostAgentsJobThatWasNeverAcceptedIsScheduledAgainNotLost() throws Exception {
    BuildState build = fixture.createBuild(command("a"));
    AgentRecord quiet = fixture.registerAgent("quiet");
    fixture.store.agents().touch(quiet.id(), fixture.clock.instant());
    String jobId = fixture.dispatcher.next(quiet, Duration.ZERO).orElseThrow();
    Duration lostAfter = Duration.ofMinutes(10);
    fixture.clock.advance(lostAfter.plusSeconds(1));

    LostAgents lostAgents =
        new LostAgents(
            fixture.store.agents(),
            fixture.store.builds(),
            fixture.writer,
            fixture.clock,
            lostAfter);
    assertThat(lostAgents.fireDue()).isEqualTo(1);

    Job after = job(build.id(), jobId);
    assertThat(after.state()).isEqualTo(JobState.SCHEDULED);
    assertThat(after.agentId()).isEmpty();
    assertThat(fixture.store.builds().history(build.id()))
        .filteredOn(e -> e instanceof BuildEvent.JobReleased)
        .extracting(e -> ((BuildEvent.JobReleased) e).reason())
        .containsExactly("lost");
  }

  private void disconnect(AgentRecord agent) {
    fixture.store.agents().setConnected(agent.id(), false, fixture.clock.instant());
    fixture.dispatcher.stopWaiting(agent.id());
    new AgentDeparture(fixture.store.builds(), fixture.writer).settle(agent.id(), "disconnected");
  }

  private Job job(String buildId, String jobId) {
    return fixture.store.builds().load(buildId).orElseThrow().job(jobId).orElseThrow();
  }

  private static Job onlyJob(BuildState build) {
    List<Job> jobs = List.copyOf(build.jobList());
    assertThat(jobs).hasSize(1);
    return jobs.get(0);
  }
}
