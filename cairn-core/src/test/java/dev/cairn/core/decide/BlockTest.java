package dev.cairn.core.decide;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cairn.core.build.BuildState;
import dev.cairn.core.build.BuildStatus;
import dev.cairn.core.job.JobState;
import dev.cairn.pipeline.PipelineException;
import dev.cairn.pipeline.PipelineParser;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Block and input steps, skip, and matrix/parallel fan-out scheduled from real YAML. */
class BlockTest {
  private static BuildDriver build(String yaml) throws PipelineException {
    return BuildDriver.start(PipelineParser.parse("pipeline.yml", yaml));
  }

  @Test
  void aBlockStepHoldsWhatFollowsUntilUnblocked() throws Exception {
    BuildDriver build =
        build(
            """
            steps:
              - key: test
                command: make test
              - block: ":rocket: Release?"
                key: release
                fields:
                  - text: Version
                    key: version
              - key: deploy
                command: make deploy
            """);
    assertThat(build.stateOf("release")).isEqualTo(JobState.WAITING);
    build.run("test", 0);
    assertThat(build.stateOf("release")).isEqualTo(JobState.BLOCKED);
    assertThat(build.stateOf("deploy")).isEqualTo(JobState.WAITING);
    assertThat(build.state().isBlocked()).isTrue();
    assertThat(build.state().status().isTerminal()).isFalse();

    build.require(new Command.UnblockJob(build.id("release"), "ops", Map.of("version", "1.2")));
    assertThat(build.stateOf("release")).isEqualTo(JobState.PASSED);
    assertThat(build.stateOf("deploy")).isEqualTo(JobState.SCHEDULED);
    assertThat(build.send(new Command.UnblockJob(build.id("release"), "ops", Map.of())))
        .as("a block is unblocked once")
        .isInstanceOf(Decision.Rejected.class);
    build.run("deploy", 0);
    assertThat(build.state().status()).isEqualTo(BuildStatus.PASSED);
    assertThat(BuildState.replay(build.history())).isEqualTo(build.state());
  }

  @Test
  void anInputStepBlocksOnlyWhatDependsOnIt() throws Exception {
    BuildDriver build =
        build(
            """
            steps:
              - input: Who approves?
                key: who
                fields:
                  - select: Approver
                    key: approver
                    options: [{label: A, value: a}]
              - key: independent
                command: echo free
              - key: gated
                command: echo gated
                depends_on: who
            """);
    assertThat(build.stateOf("who")).isEqualTo(JobState.BLOCKED);
    assertThat(build.stateOf("independent")).isEqualTo(JobState.SCHEDULED);
    assertThat(build.stateOf("gated")).isEqualTo(JobState.WAITING);
    build.require(new Command.UnblockJob(build.id("who"), "ops", Map.of("approver", "a")));
    assertThat(build.stateOf("gated")).isEqualTo(JobState.SCHEDULED);
  }

  @Test
  void aSkippedStepCountsAsPassedForItsDependents() throws Exception {
    BuildDriver build =
        build(
            """
            steps:
              - key: flaky
                command: x
                skip: "broken upstream, see #42"
              - wait
              - key: after
                command: y
            """);
    assertThat(build.stateOf("flaky")).isEqualTo(JobState.SKIPPED);
    assertThat(build.stateOf("after")).isEqualTo(JobState.SCHEDULED);
    build.run("after", 0);
    assertThat(build.state().status()).isEqualTo(BuildStatus.PASSED);
  }

  @Test
  void matrixAndParallelismFanOutIntoJobsOfOneStep() throws Exception {
    BuildDriver build =
        build(
            """
            steps:
              - key: test
                command: "test {{matrix.os}}"
                matrix:
                  setup:
                    os: [linux, macos]
              - key: shard
                command: "shard $$BUILDKITE_PARALLEL_JOB"
                parallelism: 3
            """);
    var jobs = build.state().jobList();
    assertThat(jobs).hasSize(5);
    assertThat(jobs.stream().filter(j -> j.spec().stepKey().orElse("").equals("test")))
        .extracting(j -> j.spec().command())
        .containsExactly("test linux", "test macos");
    assertThat(jobs.stream().filter(j -> j.spec().stepKey().orElse("").equals("shard")))
        .extracting(j -> j.spec().details().parallelJob().orElseThrow())
        .containsExactly(0, 1, 2);
  }

  @Test
  void cancelOnBuildFailingStopsRunningAndWaitingJobsOfThatStep() throws Exception {
    BuildDriver build =
        build(
            """
            steps:
              - key: slow
                command: sleep 100
                cancel_on_build_failing: true
              - key: breaks
                command: exit 1
              - key: later
                command: echo later
                depends_on: slow
                cancel_on_build_failing: true
              - key: unaffected
                command: sleep 1
            """);
    build.assign("slow");
    build.accept("slow");
    build.startJob("slow");
    build.assign("unaffected");
    build.run("breaks", 1);

    assertThat(build.stateOf("slow")).isEqualTo(JobState.CANCELING);
    assertThat(build.stateOf("later")).isEqualTo(JobState.CANCELED);
    assertThat(build.stateOf("unaffected")).isEqualTo(JobState.ASSIGNED);
    build.require(new Command.FinishJob(build.id("slow"), -1, "SIGTERM", "cancel"));
    assertThat(build.stateOf("slow")).isEqualTo(JobState.CANCELED);
  }
}
