package dev.cairn.store;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cairn.core.agent.AgentRecord;
import dev.cairn.core.build.BuildState;
import dev.cairn.core.build.BuildStatus;
import dev.cairn.core.job.Attempt;
import dev.cairn.core.job.Job;
import dev.cairn.core.job.JobPolicy;
import dev.cairn.core.job.JobSpec;
import dev.cairn.core.job.JobState;
import dev.cairn.core.job.JobType;
import dev.cairn.core.orchestrate.Deadlines;
import dev.cairn.pipeline.Retry;
import dev.cairn.pipeline.SoftFail;
import dev.cairn.testkit.DatabaseTest;
import dev.cairn.testkit.TestDatabase;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;

/**
 * Timeouts and expiry fire from deadlines kept in the stored job projection, driven by a manual
 * clock; a fresh store on the same file (a restart) still fires them.
 */
class DeadlinesTest {
  private static final Duration EXPIRY = Duration.ofHours(1);

  private TestDatabase database;
  private StoreFixture fixture;

  @BeforeEach
  void open(TestDatabase database) {
    this.database = database;
    fixture = new StoreFixture(database);
  }

  @AfterEach
  void close() {
    fixture.close();
  }

  private Deadlines deadlines() {
    return new Deadlines(fixture.store.builds(), fixture.writer, fixture.clock, EXPIRY);
  }

  private static JobSpec job(String id, Optional<Duration> timeout) {
    return new JobSpec(
        id,
        "step-" + id,
        Optional.of(id),
        JobType.SCRIPT,
        id,
        "sleep 1000",
        List.of(),
        false,
        Map.of(),
        Map.of(),
        new JobPolicy(Retry.NONE, SoftFail.NONE, timeout),
        Attempt.FIRST,
        dev.cairn.core.job.StepDetails.NONE);
  }

  private Job jobIn(BuildState build, String id) {
    return fixture.store.builds().load(build.id()).orElseThrow().job(id).orElseThrow();
  }

  @DatabaseTest
  void aRunningJobPastItsTimeoutTimesOutAndEndsTimedOutWhenTheAgentStops() throws Exception {
    BuildState build =
        fixture.createBuild(List.of(job("slow", Optional.of(Duration.ofMinutes(5)))));
    AgentRecord agent = fixture.registerAgent("a");
    assertThat(fixture.dispatcher.next(agent, Duration.ZERO)).contains("slow");
    fixture.lifecycle.accept(agent, "slow");
    fixture.lifecycle.start("slow");

    fixture.clock.advance(Duration.ofMinutes(4));
    assertThat(deadlines().fireDue()).isZero();
    assertThat(jobIn(build, "slow").state()).isEqualTo(JobState.RUNNING);

    fixture.clock.advance(Duration.ofMinutes(2));
    assertThat(deadlines().fireDue()).isEqualTo(1);
    assertThat(jobIn(build, "slow").state()).isEqualTo(JobState.TIMING_OUT);
    assertThat(deadlines().fireDue()).as("a deadline fires once").isZero();

    fixture.lifecycle.finish("slow", -1, "SIGTERM", "cancel");
    BuildState after = fixture.store.builds().load(build.id()).orElseThrow();
    assertThat(after.job("slow").orElseThrow().state()).isEqualTo(JobState.TIMED_OUT);
    assertThat(after.status()).isEqualTo(BuildStatus.FAILED);
  }

  @DatabaseTest
  void aDeadlineSurvivesARestart() throws Exception {
    BuildState build =
        fixture.createBuild(List.of(job("slow", Optional.of(Duration.ofMinutes(1)))));
    AgentRecord agent = fixture.registerAgent("a");
    fixture.dispatcher.next(agent, Duration.ZERO);
    fixture.lifecycle.accept(agent, "slow");
    fixture.lifecycle.start("slow");
    fixture.close();

    fixture = new StoreFixture(database);
    fixture.clock.advance(Duration.ofMinutes(2));
    assertThat(deadlines().fireDue()).isEqualTo(1);
    assertThat(jobIn(build, "slow").state()).isEqualTo(JobState.TIMING_OUT);
  }

  @DatabaseTest
  void aJobNoAgentTakesExpiresAndFailsTheBuild() {
    BuildState build = fixture.createBuild(List.of(job("orphan", Optional.empty())));

    fixture.clock.advance(EXPIRY.minusSeconds(1));
    assertThat(deadlines().fireDue()).isZero();
    fixture.clock.advance(Duration.ofSeconds(2));
    assertThat(deadlines().fireDue()).isEqualTo(1);

    BuildState after = fixture.store.builds().load(build.id()).orElseThrow();
    assertThat(after.job("orphan").orElseThrow().state()).isEqualTo(JobState.EXPIRED);
    assertThat(after.status()).isEqualTo(BuildStatus.FAILED);
  }

  /**
   * A deadline on a whole second ({@code ...:00Z} as {@link java.time.Instant#toString()} writes
   * it) must compare as earlier than a moment 0.4 s later ({@code ...:00.400Z}), which text
   * comparison of {@code toString()} gets wrong.
   */
  @DatabaseTest
  void subSecondTimestampsCompareAsInstants() throws Exception {
    BuildState build =
        fixture.createBuild(List.of(job("quick", Optional.of(Duration.ofMinutes(1)))));
    AgentRecord agent = fixture.registerAgent("a");
    fixture.dispatcher.next(agent, Duration.ZERO);
    fixture.lifecycle.accept(agent, "quick");
    fixture.lifecycle.start("quick");

    fixture.clock.advance(Duration.ofSeconds(59).plusMillis(900));
    assertThat(deadlines().fireDue()).as("0.1 s before the deadline").isZero();
    fixture.clock.advance(Duration.ofMillis(500));
    assertThat(deadlines().fireDue()).as("0.4 s after the deadline").isEqualTo(1);
    assertThat(jobIn(build, "quick").state()).isEqualTo(JobState.TIMING_OUT);
  }
}
