package dev.cairn.store;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cairn.core.agent.AgentRecord;
import dev.cairn.core.build.BuildState;
import dev.cairn.core.job.Job;
import dev.cairn.core.job.JobState;
import dev.cairn.core.orchestrate.LostAgents;
import dev.cairn.pipeline.PipelineParser;
import dev.cairn.testkit.DatabaseTest;
import dev.cairn.testkit.TestDatabase;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;

/** Agents that go silent are lost, with their jobs, driven by a manual clock on a real store. */
class LostAgentsTest {
  private static final Duration LOST_AFTER = Duration.ofMinutes(10);

  private StoreFixture fixture;

  @BeforeEach
  void open(TestDatabase database) {
    fixture = new StoreFixture(database);
  }

  @AfterEach
  void close() {
    fixture.close();
  }

  private LostAgents lostAgents() {
    return new LostAgents(
        fixture.store.agents(), fixture.store.builds(), fixture.writer, fixture.clock, LOST_AFTER);
  }

  @DatabaseTest
  void aSilentAgentIsLostAndItsJobEndsLostAndIsRetriedByItsRule() throws Exception {
    BuildState build =
        fixture.createBuild(
            PipelineParser.parse(
                    "p.yml",
                    "steps:\n  - key: s\n    command: x\n    retry: {automatic: {exit_status: -1}}\n")
                .steps()
                .toArray(new dev.cairn.pipeline.Step[0]));
    AgentRecord quiet = fixture.registerAgent("quiet");
    AgentRecord chatty = fixture.registerAgent("chatty");
    fixture.store.agents().touch(quiet.id(), fixture.clock.instant());
    String jobId = fixture.dispatcher.next(quiet, Duration.ZERO).orElseThrow();
    fixture.lifecycle.accept(quiet, jobId);
    fixture.lifecycle.start(jobId);

    fixture.clock.advance(LOST_AFTER.minusSeconds(1));
    fixture.store.agents().touch(chatty.id(), fixture.clock.instant());
    assertThat(lostAgents().fireDue()).isZero();
    fixture.clock.advance(Duration.ofSeconds(2));
    assertThat(lostAgents().fireDue()).isEqualTo(1);
    assertThat(lostAgents().fireDue()).as("lost once").isZero();

    assertThat(fixture.store.agents().byId(quiet.id()).orElseThrow().lost()).isTrue();
    assertThat(fixture.store.agents().byId(chatty.id()).orElseThrow().lost()).isFalse();
    BuildState after = fixture.store.builds().load(build.id()).orElseThrow();
    Job lost = after.job(jobId).orElseThrow();
    assertThat(lost.state()).isEqualTo(JobState.LOST);
    assertThat(lost.exitStatus()).contains(-1);
    Job retry = after.latest(lost);
    assertThat(retry.id()).isNotEqualTo(jobId);
    assertThat(retry.state()).isEqualTo(JobState.SCHEDULED);
    assertThat(fixture.dispatcher.next(chatty, Duration.ZERO)).contains(retry.id());
  }
}
